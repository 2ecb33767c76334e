#include "support/TlsIdentity.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace cm::test {

namespace {

std::optional<TlsIdentity> failure(QString* error, const QString& sentence)
{
    if (error)
        *error = sentence;
    return std::nullopt;
}

} // namespace

std::optional<TlsIdentity> makeSelfSignedIdentity(const QString& directory, QString* error)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        return failure(error, QStringLiteral("The openssl command is not installed."));

    const QDir folder(directory);
    if (!folder.exists())
        return failure(error, QStringLiteral("The folder %1 for the certificate does not exist.").arg(directory));
    const QString certificatePath = folder.filePath(QStringLiteral("provider-certificate.pem"));
    const QString keyPath = folder.filePath(QStringLiteral("provider-key.pem"));

    // -nodes, not OpenSSL 3's -noenc: -addext needs OpenSSL 1.1.1, which knows only -nodes.
    QProcess process;
    process.setProgram(openssl);
    process.setArguments(
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
          QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
          QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certificatePath, QStringLiteral("-days"),
          QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
          QStringLiteral("subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost") });
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start();
    if (!process.waitForStarted(10000))
        return failure(error, QStringLiteral("openssl did not start: %1.").arg(process.errorString()));
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        return failure(error, QStringLiteral("openssl did not make a certificate within 30 s."));
    }
    const QString output
        = QString::fromLocal8Bit(process.readAll()).trimmed().replace(QLatin1Char('\n'), QStringLiteral("; "));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return failure(error, QStringLiteral("openssl could not make a certificate: %1.").arg(output));

    TlsIdentity identity;
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (certificates.size() != 1)
        return failure(error,
                       QStringLiteral("The certificate openssl wrote to %1 cannot be read.").arg(certificatePath));
    identity.certificate = certificates.first();

    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return failure(error, QStringLiteral("The key openssl wrote cannot be opened: %1.").arg(keyFile.errorString()));
    identity.key = QSslKey(&keyFile, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (identity.key.isNull())
        return failure(error, QStringLiteral("The key openssl wrote to %1 cannot be read.").arg(keyPath));
    return identity;
}

} // namespace cm::test
