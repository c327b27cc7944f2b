import Hummingbird
import TriageCore

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
      log.request(
        method: method, path: path, status: response.status.code,
        milliseconds: (ContinuousClock.now - started).milliseconds)
      return response
    } catch {
      let status = (error as? any HTTPResponseError)?.status.code ?? 500
      log.request(
        method: method, path: path, status: status, milliseconds: (ContinuousClock.now - started).milliseconds)
      throw error
    }
  }
}
