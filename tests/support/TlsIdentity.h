#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace cm::test {

// What a FakeProvider needs to serve HTTPS.
struct TlsIdentity
{
    QSslCertificate certificate;
    QSslKey key;
};

// A throwaway self-signed certificate for a loopback HTTPS server: EC P-256, valid for one day,
// CN=localhost, subjectAltName IP:127.0.0.1, IP:127.0.0.2 and DNS:localhost. Made by the openssl
// command in `directory` (a QTemporaryDir of the test), so no key ever ships with the sources. A
// client trusts it only when the certificate is among its CA certificates. nullopt, with one
// sentence in *error (when given), when openssl is missing or fails.
[[nodiscard]] std::optional<TlsIdentity> makeSelfSignedIdentity(const QString& directory, QString* error);

} // namespace cm::test
