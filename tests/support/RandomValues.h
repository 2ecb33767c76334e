#pragma once

#include <QByteArray>
#include <QString>

namespace cm::test {

// `size` random bytes from the system's cryptographic generator.
QByteArray randomBytes(int size);

// A distinctive secret, new for every run ("sk-TAG-" and 36 hex characters), so it can be
// searched for in outputs and files.
QString makeSecret(const char* tag);

// A prefix and 32 random hex characters: distinct from everything else in a file.
QString randomValue(const QString& prefix);

} // namespace cm::test
