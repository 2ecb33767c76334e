#pragma once

#include "common/Error.h"
#include "crypto/SecureBuffer.h"
#include "store/Credential.h"
#include <QCoreApplication>

#include <QByteArray>
#include <QList>
#include <QString>

namespace cm {

// The passphrase-protected backup file of `credctl export` / `import`
// (docs/storage-format.md): Argon2id (crypto_pwhash) derives the file key from the
// passphrase; XChaCha20-Poly1305 encrypts the credentials; a keyed BLAKE2b check value tells
// a wrong passphrase from a damaged file. Independent of any store's master key, so a backup
// restores into a store with another key or on another engine.
class ExportFile
{
    Q_DECLARE_TR_FUNCTIONS(cm::ExportFile)

public:
    static constexpr int Version = 1;

    struct KdfCost
    {
        unsigned long long opslimit;
        std::size_t memlimit;
    };
    // crypto_pwhash's MODERATE limits: about a second and 256 MiB per attempt.
    static KdfCost defaultCost();
    // The cheapest limits libsodium allows, for tests that open many files.
    static KdfCost minimumCost();

    static Result<QByteArray> write(const QList<Credential>& credentials, const SecureBuffer& passphrase,
                                    KdfCost cost = defaultCost());

    // Errors: WrongPassphrase, or Corrupt (not an export file, damaged, or of a newer
    // version) with a sentence naming `fileName`.
    static Result<QList<Credential>> read(const QByteArray& file, const SecureBuffer& passphrase,
                                          const QString& fileName);
};

} // namespace cm
