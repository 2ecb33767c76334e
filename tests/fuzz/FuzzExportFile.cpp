// libFuzzer target: the export file reader. Any bytes are refused with a sentence or give
// credentials with a name and a provider. Inputs that ask for more than the cheapest key
// derivation are skipped here (the reader bounds the cost; at its highest one attempt takes
// seconds), so the fuzzer spends its time in the parsing.
#include "backup/ExportFile.h"
#include "crypto/SecureBuffer.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

#include <cstdint>
#include <cstdlib>

using namespace cm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray file(reinterpret_cast<const char*>(data), qsizetype(size));
    const QJsonObject kdf = QJsonDocument::fromJson(file).object().value(QLatin1String("kdf")).toObject();
    if (kdf.value(QLatin1String("opslimit")).toDouble() > double(crypto_pwhash_OPSLIMIT_MIN)
        || kdf.value(QLatin1String("memlimit")).toDouble() > double(crypto_pwhash_MEMLIMIT_MIN))
        return 0;
    static const SecureBuffer passphrase = SecureBuffer::copyOf("fuzz passphrase");
    const Result<QList<Credential>> credentials = ExportFile::read(file, passphrase, QStringLiteral("fuzz.json"));
    if (!credentials) {
        if (credentials.error().message.isEmpty())
            std::abort();
        return 0;
    }
    for (const Credential& credential : credentials.value()) {
        if (credential.summary.name.isEmpty() || credential.summary.provider.isEmpty())
            std::abort();
    }
    return 0;
}
