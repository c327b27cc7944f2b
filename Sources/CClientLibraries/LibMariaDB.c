#include <mariadb/mysql.h>

#include "ClientLibraries.h"
#include "LazyLibrary.h"

#define LIBMARIADB_FUNCTIONS(X)                                                                     \
  X(int, mysql_close_cont, (MYSQL * sock, int status), (sock, status))                              \
  X(int, mysql_close_start, (MYSQL * sock), (sock))                                                 \
  X(unsigned int, mysql_errno, (MYSQL * mysql), (mysql))                                            \
  X(const char *, mysql_error, (MYSQL * mysql), (mysql))                                            \
  X(MYSQL_ROW, mysql_fetch_row, (MYSQL_RES * result), (result))                                     \
  X(char *, mysql_get_server_info, (MYSQL * mysql), (mysql))                                        \
  X(my_socket, mysql_get_socket, (MYSQL * mysql), (mysql))                                          \
  X(unsigned int, mysql_get_timeout_value_ms, (const MYSQL *mysql), (mysql))                        \
  X(MYSQL *, mysql_init, (MYSQL * mysql), (mysql))                                                  \
  X(unsigned int, mysql_num_fields, (MYSQL_RES * res), (res))                                       \
  X(int, mysql_options, (MYSQL * mysql, enum mysql_option option, const void *arg),                 \
    (mysql, option, arg))                                                                           \
  X(int, mysql_real_connect_cont, (MYSQL * *ret, MYSQL *mysql, int status), (ret, mysql, status))  \
  X(int, mysql_real_connect_start,                                                                  \
    (MYSQL * *ret, MYSQL *mysql, const char *host, const char *user, const char *passwd,            \
     const char *db, unsigned int port, const char *unix_socket, unsigned long clientflag),         \
    (ret, mysql, host, user, passwd, db, port, unix_socket, clientflag))                            \
  X(int, mysql_real_query_cont, (int *ret, MYSQL *mysql, int status), (ret, mysql, status))         \
  X(int, mysql_real_query_start, (int *ret, MYSQL *mysql, const char *q, unsigned long length),     \
    (ret, mysql, q, length))                                                                        \
  X(const char *, mysql_sqlstate, (MYSQL * mysql), (mysql))                                         \
  X(int, mysql_store_result_cont, (MYSQL_RES * *ret, MYSQL *mysql, int status), (ret, mysql, status)) \
  X(int, mysql_store_result_start, (MYSQL_RES * *ret, MYSQL *mysql), (ret, mysql))

#define LIBMARIADB_VOID_FUNCTIONS(X) X(void, mysql_free_result, (MYSQL_RES * result), (result))

LAZY_LIBRARY(triage_open_libmariadb, "libmariadb.so.3", LIBMARIADB_FUNCTIONS, LIBMARIADB_VOID_FUNCTIONS)
