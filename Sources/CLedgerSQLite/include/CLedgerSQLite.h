#ifndef CLEDGER_SQLITE_H
#define CLEDGER_SQLITE_H

#include <sqlite3.h>

/// sqlite3_db_config is variadic, so Swift cannot call it: a connection that closes without checkpointing.
int cavra_ledger_keep_wal_on_close(sqlite3 *db);

#endif
