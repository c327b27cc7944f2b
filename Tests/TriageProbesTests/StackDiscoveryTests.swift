import Foundation
import Testing

@testable import TriageProbes

/// Discovery over a fake `/proc` and real configuration files: the chain from the front to the
/// application, each input's value and provenance, and credentials kept out of every value.
@Suite struct StackDiscoveryTests {
  /// nginx → HAProxy → gunicorn, PostgreSQL and Redis named by the application's environment.
  private func classicStack(_ host: FakeHost) throws {
    let errorLog = host.path("var/log/nginx/edge-error.log")
    try host.write(
      "etc/nginx/sites/edge.conf",
      """
      upstream balancer { server 127.0.0.1:8080; }
      server {
        listen 127.0.0.1:8081;
        location / { proxy_pass http://balancer; }
      }
      """)
    let nginx = try host.write(
      "etc/nginx/nginx.conf",
      """
      error_log \(errorLog) warn;  # the proxy's error log
      events { worker_connections 64; }
      http {
        include \(host.path("etc/nginx/sites"))/*.conf;
      }
      """)
    let haproxy = try host.write(
      "etc/haproxy/haproxy.cfg",
      """
      global
        stats socket \(host.path("run/haproxy/admin.sock")) mode 600 level admin
      defaults
        mode http
      frontend web
        bind 127.0.0.1:8080
        default_backend shop
      backend shop
        option httpchk GET /healthz HTTP/1.1
        server web1 127.0.0.1:8000 check
      listen stats
        bind 127.0.0.1:8404
        stats enable
        stats uri /haproxy
      """)
    try FileManager.default.createDirectory(
      atPath: host.path("srv/shop/releases/v7"), withIntermediateDirectories: true)
    try host.link("srv/shop/current", to: host.path("srv/shop/releases/v7"))
    try host.process(100, name: "nginx", argv: ["nginx: master process nginx -c \(nginx)"], listens: [8081])
    try host.process(101, parent: 100, name: "nginx", argv: ["nginx: worker process"], listens: [8081])
    try host.process(200, name: "haproxy", argv: ["haproxy", "-f", haproxy], listens: [8080, 8404])
    try host.process(
      300, name: "gunicorn",
      argv: [
        "/usr/bin/python3", "/usr/bin/gunicorn", "--bind", "127.0.0.1:8000", "--chdir", host.path("srv/shop/current"),
        "--error-logfile", host.path("var/log/shop/gunicorn.log"), "shop:app",
      ],
      environment: [
        "DATABASE_URL": "postgresql://web:s3cret@127.0.0.1:5433/shop", "REDIS_URL": "redis://127.0.0.1:6380/0",
      ],
      cwd: host.path("srv/shop/releases/v7"), unit: "shop.service", listens: [8000])
    try host.process(
      400, name: "postgres", argv: ["/usr/lib/postgresql/15/bin/postgres", "-D", "/data"], listens: [5433])
    try host.process(500, name: "redis-server", argv: ["redis-server 127.0.0.1:6380"], listens: [6380])
  }

  @Test func followsTheClassicStackFromTheFrontToTheApplication() throws {
    let host = try FakeHost()
    try classicStack(host)
    let found = StackDiscovery.run(root: host.proc, deadline: .now + .seconds(5))
    #expect(found.chain.map(\.technology) == ["nginx", "haproxy", "gunicorn"])
    let values = found.inputs.mapValues(\.value)
    #expect(values["front_url"] == "http://127.0.0.1:8081/")
    #expect(values["app_host"] == "127.0.0.1")
    #expect(values["app_port"] == "8000")
    #expect(values["health_path"] == "/healthz")
    #expect(values["lb_backend"] == "shop")
    #expect(values["lb_stats_socket"] == host.path("run/haproxy/admin.sock"))
    #expect(values["lb_stats_url"] == "http://127.0.0.1:8404/haproxy;csv")
    #expect(values["proxy_error_log"] == host.path("var/log/nginx/edge-error.log"))
    #expect(values["process_name"] == "gunicorn")
    #expect(values["service"] == "shop.service")
    #expect(values["app_log"] == host.path("var/log/shop") + "/*.log")
    #expect(values["release_link"] == host.path("srv/shop/current"))
    #expect(values["deploy_lock"] == host.path("srv/shop/deploy.lock"))
    #expect(values["db_dsn"] == "host=127.0.0.1 port=5433 dbname=shop user=web")
    #expect(values["db_password_env"] == "TRIAGE_DISCOVERED_DB_PASSWORD")
    #expect(found.secrets["TRIAGE_DISCOVERED_DB_PASSWORD"] == "s3cret")
    #expect(values["cache_url"] == "redis://127.0.0.1:6380")
    #expect(values["mysql_url"] == "", "no MySQL here and none named: the probe must not apply")
    #expect(found.inputs["health_path"]?.provenance == "\(host.path("etc/haproxy/haproxy.cfg")):9")
    let printed = found.inputs.values.map { $0.value + $0.provenance } + found.notes
    #expect(!printed.contains { $0.contains("s3cret") })
  }

  @Test func aSecondFrontThatLeadsNowhereLosesAndIsNamed() throws {
    let host = try FakeHost()
    try classicStack(host)
    let stray = try host.write("etc/other/nginx.conf", "http { server { listen 127.0.0.1:7000; } }\n")
    try host.process(600, name: "nginx", argv: ["nginx", "-c", stray], listens: [7000])
    let found = StackDiscovery.run(root: host.proc, deadline: .now + .seconds(5))
    #expect(found.inputs["front_url"]?.value == "http://127.0.0.1:8081/")
    #expect(found.notes.contains { $0.contains("several fronts") && $0.contains("127.0.0.1:7000") })
  }

  @Test func aWebServerInFrontOfFastCGIIsTheApplicationsHTTPAddress() throws {
    let host = try FakeHost()
    try host.write(
      "etc/varnish/default.vcl",
      "vcl 4.1;\nbackend web {\n  .host = \"127.0.0.1\";\n  .port = \"8088\";\n  .probe = { .url = \"/ping.php\"; }\n}\n"
    )
    let apache = try host.write(
      "etc/apache2/apache2.conf",
      """
      Listen 127.0.0.1:8088
      ErrorLog ${APACHE_LOG_DIR}/error.log
      <FilesMatch "\\.php$">
        SetHandler "proxy:fcgi://127.0.0.1:9000"
      </FilesMatch>
      <Location "/server-status">
        SetHandler server-status
      </Location>
      """)
    let fpm = try host.write(
      "etc/php/fpm.conf",
      """
      [global]
      error_log = \(host.path("var/log/fpm/error.log"))
      [www]
      listen = 127.0.0.1:9000
      pm.status_path = /fpm-status
      env[DB_HOST] = 127.0.0.1
      env[DB_PORT] = 3307
      env[DB_USERNAME] = shop
      env[DB_PASSWORD] = hunter2
      """)
    try host.process(
      100, name: "varnishd",
      argv: [
        "varnishd", "-a", "127.0.0.1:6081", "-T", "127.0.0.1:6082", "-S", "/etc/varnish/secret", "-f",
        host.path("etc/varnish/default.vcl"),
      ],
      listens: [6081, 6082])
    try host.process(
      200, name: "apache2", argv: ["/usr/sbin/apache2", "-f", apache],
      environment: ["APACHE_LOG_DIR": host.path("var/log/apache2")],
      listens: [8088])
    try host.process(300, name: "php-fpm8.2", argv: ["php-fpm: master process (\(fpm))"], listens: [9000])
    try host.process(400, name: "mariadbd", argv: ["/usr/sbin/mariadbd"], listens: [3307])
    let found = StackDiscovery.run(root: host.proc, deadline: .now + .seconds(5))
    #expect(found.chain.map(\.technology) == ["varnish", "apache", "php-fpm"])
    let values = found.inputs.mapValues(\.value)
    #expect(values["front_url"] == "http://127.0.0.1:6081/")
    #expect(values["app_port"] == "8088")
    #expect(values["health_path"] == "/ping.php")
    #expect(values["varnish_admin"] == "127.0.0.1:6082")
    #expect(values["varnish_secret"] == "/etc/varnish/secret")
    #expect(values["apache_error_log"] == host.path("var/log/apache2/error.log"))
    #expect(values["apache_status_url"] == "http://127.0.0.1:8088/server-status?auto")
    #expect(values["fpm_address"] == "127.0.0.1:9000")
    #expect(values["fpm_status_path"] == "/fpm-status")
    #expect(values["process_name"] == "php-fpm8.2")
    #expect(values["service"] == "")
    #expect(values["mysql_url"] == "mysql://shop@127.0.0.1:3307/")
    #expect(found.secrets["TRIAGE_DISCOVERED_MYSQL_PASSWORD"] == "hunter2")
    #expect(values["db_dsn"] == "", "no PostgreSQL here and the application names none")
  }

  @Test func nothingRunningChangesNothing() throws {
    let host = try FakeHost()
    let found = StackDiscovery.run(root: host.proc, deadline: .now + .seconds(5))
    #expect(found.inputs.isEmpty)
    #expect(found.notes.contains { $0.contains("no web server") })
  }

  @Test(arguments: [
    ("127.0.0.1:8000", "127.0.0.1:8000"), (":80", "127.0.0.1:80"), ("*:8080", "127.0.0.1:8080"),
    ("0.0.0.0:5432", "127.0.0.1:5432"), ("[::1]:6379", "[::1]:6379"), ("http://web:8080/path", "web:8080"),
    ("fcgi://127.0.0.1:9000/", "127.0.0.1:9000"), ("8000", "127.0.0.1:8000"), ("localhost:3000", "127.0.0.1:3000"),
  ])
  func endpointsParseAsAClientDialsThem(text: String, expected: String) {
    #expect(NetworkEndpoint(parsing: text)?.description == expected)
  }

  @Test(arguments: ["unix:/run/app.sock", "/run/php/fpm.sock", "web", "127.0.0.1:99999", ""])
  func aSocketPathOrNoPortIsNoEndpoint(text: String) {
    #expect(NetworkEndpoint(parsing: text) == nil)
  }
}
