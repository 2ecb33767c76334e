// Writes the fuzz seeds that only the product can make: a stored payload under the fuzz key
// and an export file at the cheapest key derivation. Run once; its output is committed:
//   build/fuzz/tests/fuzz/MakeFuzzSeeds tests/fuzz/corpus
#include "backup/ExportFile.h"
#include "crypto/MasterKey.h"
#include "crypto/PayloadCipher.h"
#include "store/FieldValues.h"

#include <QDir>
#include <QFile>

#include <cstdio>

using namespace cm;

namespace {

bool write(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return QDir().mkpath(QFileInfo(path).absolutePath()) && file.open(QIODevice::WriteOnly)
        && file.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: MakeFuzzSeeds CORPUS_FOLDER\n");
        return 2;
    }
    const QString corpus = QString::fromLocal8Bit(argv[1]);
    Result<MasterKey> key = MasterKey::parse(
        QByteArrayView("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), QStringLiteral("seed"));
    if (!key)
        return 1;
    const FieldValues fields { { QStringLiteral("api_key"), QStringLiteral("sk-seed-0123456789") } };
    const QByteArray payload
        = PayloadCipher::encrypt(key.value(), QStringLiteral("id"), QStringLiteral("mistral"), fields.toJson());
    Credential credential;
    credential.summary.name = QStringLiteral("Seed");
    credential.summary.provider = QStringLiteral("mistral");
    credential.summary.createdAt = credential.summary.updatedAt = QDateTime::currentDateTimeUtc();
    credential.fields = fields;
    const Result<QByteArray> exported
        = ExportFile::write({ credential }, SecureBuffer::copyOf("fuzz passphrase"), ExportFile::minimumCost());
    if (!exported)
        return 1;
    const bool ok = write(corpus + QStringLiteral("/FuzzPayload/payload-mistral"), payload)
        && write(corpus + QStringLiteral("/FuzzExportFile/export-minimum-cost.json"), exported.value());
    return ok ? 0 : 1;
}
