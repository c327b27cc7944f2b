import Testing
import TriageCore

@Suite struct CredentialRedactionTests {
  static let cases: [(String, String)] = [
    ("redis://:s3cret@cache:6379/0", "redis://redacted@cache:6379/0"),
    ("http://admin:pw@lb:8404/stats;csv", "http://redacted@lb:8404/stats;csv"),
    ("GET https://api.example/v1?api_key=K&v=2 → 200", "GET https://api.example/v1?api_key=redacted&v=2 → 200"),
    ("https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=redacted&state=1"),
    ("s3://b/o?X-Amz-Signature=abc&X-Amz-Date=1", "s3://b/o?X-Amz-Signature=redacted&X-Amz-Date=1"),
    ("\"url\": \"http://u:p@h/?token=t\"", "\"url\": \"http://redacted@h/?token=redacted\""),
    ("host=db port=5432 password=hunter2 dbname=app", "host=db port=5432 password=redacted dbname=app"),
    ("host=db password='two words' user=x", "host=db password=redacted user=x"),
    ("no url here: db.active >= db.max", "no url here: db.active >= db.max"),
    ("http://plain.example/path?page=2", "http://plain.example/path?page=2"),
    ("mail me at user@example.com", "mail me at user@example.com"),
    ("old_password=secret", "old_password=redacted"),
    ("password=x", "password=redacted"),
    ("dsn password=xy", "dsn password=redacted"),
  ]

  @Test(arguments: cases) func removesCredentialsByShape(_ pair: (String, String)) {
    #expect(CredentialRedaction.redact(pair.0) == pair.1)
  }
}
