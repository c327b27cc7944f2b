// libpq's declarations only: the library itself is opened on first use (CClientLibraries).
#include <postgresql/libpq-fe.h>
