#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "store/Credential.h"

#include <QList>
#include <QString>

namespace cm::bench {

// Credentials as administrators keep them: spread over the five providers of
// resources/providers.json, with field values of realistic length (API keys of 48 to 64
// characters, IONOS tokens shaped like ~400-character JWTs, Azure endpoints and instance names).
// `first` numbers them, so batches made with different `first` never share a name.
QList<Credential> makeCredentials(int count, int first = 0);

// One credential of the kind the add measurement writes (azure-openai, the common case).
Credential makeAzureCredential(const QString& name);

// Creates the store at `path` through the product's own API (CredentialStore::importAll, one
// transaction), so it is exactly what the application writes.
Result<void> generateStore(const QString& path, int count, const MasterKey& key);

// The same store written without importAll, for sizes at which importAll is too slow to wait
// for (its name check scans the table once per credential): CredentialStore::open creates the
// store bound to `key`; then, in one transaction with the store's PRAGMAs, each credential is
// checked by the product's CredentialValidator, encrypted by the product's PayloadCipher and
// written with importAll's own INSERTs (credential, "import" audit row), and the most
// recently updated embeddings credential becomes the default, as importAll does.
Result<void> writeStoreDirectly(const QString& path, int count, const MasterKey& key);

} // namespace cm::bench
