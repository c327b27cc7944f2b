#include <postgresql/libpq-fe.h>

#include "ClientLibraries.h"
#include "LazyLibrary.h"

#define LIBPQ_FUNCTIONS(X)                                                                              \
  X(PostgresPollingStatusType, PQconnectPoll, (PGconn * conn), (conn))                                 \
  X(PGconn *, PQconnectStartParams,                                                                     \
    (const char *const *keywords, const char *const *values, int expand_dbname),                       \
    (keywords, values, expand_dbname))                                                                  \
  X(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg))     \
  X(int, PQconsumeInput, (PGconn * conn), (conn))                                                       \
  X(char *, PQdb, (const PGconn *conn), (conn))                                                         \
  X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                               \
  X(int, PQflush, (PGconn * conn), (conn))                                                              \
  X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                            \
  X(PGresult *, PQgetResult, (PGconn * conn), (conn))                                                   \
  X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))     \
  X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))   \
  X(char *, PQhost, (const PGconn *conn), (conn))                                                       \
  X(int, PQisBusy, (PGconn * conn), (conn))                                                             \
  X(int, PQnfields, (const PGresult *res), (res))                                                       \
  X(int, PQntuples, (const PGresult *res), (res))                                                       \
  X(char *, PQport, (const PGconn *conn), (conn))                                                       \
  X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))                 \
  X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                         \
  X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                       \
  X(int, PQsendQuery, (PGconn * conn, const char *query), (conn, query))                                \
  X(PGVerbosity, PQsetErrorVerbosity, (PGconn * conn, PGVerbosity verbosity), (conn, verbosity))        \
  X(int, PQsocket, (const PGconn *conn), (conn))                                                        \
  X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                             \
  X(char *, PQuser, (const PGconn *conn), (conn))

#define LIBPQ_VOID_FUNCTIONS(X)                                      \
  X(void, PQclear, (PGresult * res), (res))                          \
  X(void, PQconninfoFree, (PQconninfoOption * connOptions), (connOptions)) \
  X(void, PQfinish, (PGconn * conn), (conn))                         \
  X(void, PQfreemem, (void *ptr), (ptr))

LAZY_LIBRARY(triage_open_libpq, "libpq.so.5", LIBPQ_FUNCTIONS, LIBPQ_VOID_FUNCTIONS)
