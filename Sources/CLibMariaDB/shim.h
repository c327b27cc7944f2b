// MariaDB Connector/C (Debian's libmariadb-dev), the MySQL/MariaDB client library, with its
// non-blocking API so that every step honours the probe's deadline. Declarations only: the
// library itself is opened on first use (CClientLibraries).
#include <mariadb/mysql.h>
#include <mariadb/errmsg.h>
#include <mariadb/mysqld_error.h>
