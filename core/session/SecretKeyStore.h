#pragma once

#include <QString>

namespace rs {

// The SECRET_KEY used when none is given: 32 random bytes (hex) made once per install and kept in
// the user's data folder with mode 0600, so that sessions survive restarts (a per-process random
// key is exactly the "logged out after every restart" pain point).
class SecretKeyStore {
public:
    // The file used: $XDG_DATA_HOME/requestscope/secret_key (or $RS_SECRET_KEY_FILE when set).
    static QString path();
    // Reads the key, creating it first if needed. On failure returns an empty string and sets
    // *error to a sentence naming the file and the reason.
    static QString loadOrCreate(QString *error);
};

} // namespace rs
