#ifndef TRIAGE_CLIENT_LIBRARIES_H
#define TRIAGE_CLIENT_LIBRARIES_H

// libpq and MariaDB Connector/C are opened when a probe first needs them, not when triage
// starts: together with what they pull in (Kerberos, LDAP, GnuTLS …) they are two dozen shared
// libraries, about 4 ms of every process start, and a host without them can still run every
// other probe. The functions triage calls are defined here with the libraries' own names and
// forward to the library once it is open.

/// Opens libpq (once); NULL when it is open, else why it cannot be (the loader's message).
const char *triage_open_libpq(void);

/// Opens MariaDB Connector/C (once); NULL when it is open, else why it cannot be.
const char *triage_open_libmariadb(void);

#endif
