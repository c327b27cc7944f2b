import Hummingbird

/// Answers 401 to a request without `Authorization: Bearer TOKEN`; the token comparison takes
/// the same time wherever the first difference is.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
  let token: String

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    let given = request.headers[.authorization] ?? ""
    // The scheme is case-insensitive (RFC 7235); the token is compared in constant time.
    let scheme = given.prefix(7).lowercased()
    guard scheme == "bearer ", Self.same(Array(given.utf8.dropFirst(7)), Array(token.utf8)) else {
      return Response(
        status: .unauthorized,
        headers: [
          .wwwAuthenticate: "Bearer realm=\"triage\"", .contentType: "application/json", .cacheControl: "no-store",
        ],
        body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"error\":\"a bearer token is required\"}\n")))
    }
    return try await next(request, context)
  }

  /// Whether `a` equals `b`, reading every byte of both whatever they hold.
  static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    for index in 0..<max(a.count, b.count) {
      difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
    }
    return difference == 0 && a.count == b.count
  }
}
