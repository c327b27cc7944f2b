import Hummingbird

/// Logs every request as one JSON line: method, path without its query, status, milliseconds.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
  let log: JSONLineLog

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
    async throws -> Response
  {
    let started = ContinuousClock.now
    let path = request.uri.path
    let method = request.method.rawValue
    do {
      let response = try await next(request, context)
      log.request(method: method, path: path, status: response.status.code, milliseconds: elapsed(since: started))
      return response
    } catch {
      let status = (error as? any HTTPResponseError)?.status.code ?? 500
      log.request(method: method, path: path, status: status, milliseconds: elapsed(since: started))
      throw error
    }
  }

  private func elapsed(since start: ContinuousClock.Instant) -> Double {
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
  }
}
