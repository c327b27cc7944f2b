import Foundation
import Testing
import TriageCEL

@testable import TriageProbes

/// Protocol parsing and error classification of the network kinds, without servers.
@Suite struct OfflineProbeTests {
  @Test func parsesCSV() throws {
    let csv = """
      # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,
      fe,FRONTEND,,,7,9,100,50,0,0,3,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,1,0,5,,,,0,50,0,0,0,0,,4,9,50,,,0,0,0,0,,,
      be,s1,5,6,4,4,4,10,0,0,,0,,0,0,0,0,UP 1/3,1,1,0,0,0,100,0,,1,3,1,,10,,2,0,,3,L7OK,200,1,0,10,0,0,0,0,,,,,0,0,,,,,5,HTTP status check returned code <200>,
      be,s2,0,0,0,0,4,0,0,0,,0,,0,0,0,0,DRAIN,0,1,0,0,0,100,0,,1,3,2,,0,,2,0,,0,L7OK,200,1,0,0,0,0,0,0,,,,,0,0,,,,,-1,,
      be,BACKEND,5,6,4,4,8,10,0,0,0,0,,0,0,0,0,UP,1,2,0,,0,100,0,,1,3,0,,10,,1,0,,3,,,,0,10,0,0,0,0,,,,,0,0,0,0,0,0,5,,
      """
    let stats = try #require(HAProxyStats(csv))
    #expect(stats.backendsWithServers == ["be"])
    let server = try #require(stats.rows.first { $0.service == "s1" })
    #expect(server["status"] == "UP 1/3")
    #expect(server.int("qcur") == 5)
    #expect(server["last_chk"] == "HTTP status check returned code <200>")
    let frontend = try #require(stats.rows.first { $0.isFrontend })
    #expect(frontend.int("dreq") == 3)
    #expect(frontend.int("req_rate") == 4)
  }

  @Test func badURLIsAFailure() {
    #expect(RedisProbe.run(probeRequest(["url": .string("http://x")])).reason != nil)
    #expect(RedisProbe.run(probeRequest(["url": .string("rediss://x:6380")])).reason?.contains("TLS") == true)
    let url = RedisURL("redis://user:p%40ss@[::1]:6380/2")
    #expect(url?.host == "::1")
    #expect(url?.port == 6380)
    #expect(url?.user == "user")
    #expect(url?.password == "p@ss")
  }

  @Test func invalidDSNIsAFailureWithoutEchoingIt() {
    let outcome = PostgresProbe.run(probeRequest(["dsn": .string("postgresql://u:secret-xyz@h:notaport/db")]))
    #expect(outcome.reason != nil || outcome.value?["connected"]?.bool == false, "\(outcome.text)")
    #expect(outcome.text.contains("secret-xyz") == false, "\(outcome.text)")
    #expect(PostgresProbe.run(probeRequest(["dsn": .string("host=x bogus_keyword=1")])).reason != nil)
  }

  @Test func classifiesMessages() {
    #expect(
      PostgresSession.classify("FATAL:  sorry, too many clients already", sqlState: "") == "too_many_connections")
    #expect(
      PostgresSession.classify(
        "FATAL:  remaining connection slots are reserved for non-replication superuser connections", sqlState: "")
        == "too_many_connections")
    #expect(PostgresSession.classify("FATAL:  role \"x\" does not exist", sqlState: "") == "auth")
    #expect(PostgresSession.classify("FATAL:  database \"x\" does not exist", sqlState: "") == "other")
    #expect(PostgresSession.classify("FATAL:  the database system is starting up", sqlState: "") == "unavailable")
    #expect(
      PostgresSession.classify("could not translate host name \"db.invalid\" to address", sqlState: "") == "dns")
  }

  @Test func classifiesBySQLStateWhateverTheWords() {
    #expect(PostgresSession.classify("FATAL:  53300: trop de clients", sqlState: "53300") == "too_many_connections")
    #expect(PostgresSession.classify("FATAL:  28P01: échec", sqlState: "28P01") == "auth")
    #expect(PostgresSession.classify("FATAL:  57P03: démarrage", sqlState: "57P03") == "unavailable")
    // statement_timeout cancels the query: a timeout, not an unavailable server.
    #expect(PostgresSession.classify("ERROR:  57014: canceling statement", sqlState: "57014") == "timeout")
    // Out of disk or memory is a server error of class 53, but not a full connection table.
    #expect(PostgresSession.classify("ERROR:  53100: could not extend file", sqlState: "53100") == "other")
    #expect(PostgresSession.classify("FATAL:  3D000: database does not exist", sqlState: "3D000") == "other")
  }

  @Test func pgBouncersProtocolViolationCodeIsReadByItsEnglishWords() {
    #expect(PostgresSession.classify("FATAL:  08P01: SASL authentication failed", sqlState: "08P01") == "auth")
    #expect(
      PostgresSession.classify("FATAL:  08P01: no more connections allowed (max_client_conn)", sqlState: "08P01")
        == "too_many_connections")
    #expect(
      PostgresSession.classify("ERROR:  08P01: pgbouncer cannot connect to server", sqlState: "08P01")
        == "unavailable")
  }
}
