// MariaDB Connector/C (Debian's libmariadb-dev), the MySQL/MariaDB client library, with its
// non-blocking API so that every step honours the probe's deadline.
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
