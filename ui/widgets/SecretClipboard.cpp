#include "SecretClipboard.h"

#include "crypto/SecureBuffer.h"
#include "crypto/Sodium.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

#include <sodium.h>

namespace cm::ui {

SecretClipboard& SecretClipboard::instance()
{
    static SecretClipboard* clipboard = new SecretClipboard; // lives as long as the application
    return *clipboard;
}

SecretClipboard::SecretClipboard()
    : QObject(QCoreApplication::instance())
    , m_fingerprintKey(crypto_generichash_KEYBYTES, Qt::Uninitialized)
{
    ensureSodium();
    randombytes_buf(m_fingerprintKey.data(), std::size_t(m_fingerprintKey.size()));
    m_timer.setSingleShot(true);
    m_timer.setInterval(ClearAfter);
    connect(&m_timer, &QTimer::timeout, this, &SecretClipboard::clearIfStillSecret);
    connect(qApp, &QCoreApplication::aboutToQuit, this, &SecretClipboard::clearIfStillSecret);
}

QByteArray SecretClipboard::fingerprint(const QString& text) const
{
    QByteArray utf8 = text.toUtf8();
    QByteArray hash(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), std::size_t(hash.size()),
                       reinterpret_cast<const unsigned char*>(utf8.constData()), std::size_t(utf8.size()),
                       reinterpret_cast<const unsigned char*>(m_fingerprintKey.constData()),
                       std::size_t(m_fingerprintKey.size()));
    wipe(utf8);
    return hash;
}

void SecretClipboard::copy(const QString& secret)
{
    auto* data = new QMimeData;
    data->setText(secret);
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(data);
    m_fingerprint = fingerprint(secret);
    m_timer.start();
}

bool SecretClipboard::holdsSecret() const
{
    if (m_fingerprint.isEmpty())
        return false;
    QString text = QGuiApplication::clipboard()->text();
    const bool same = !text.isEmpty() && fingerprint(text) == m_fingerprint;
    wipe(text);
    return same;
}

void SecretClipboard::clearIfStillSecret()
{
    m_timer.stop();
    if (holdsSecret())
        QGuiApplication::clipboard()->clear();
    m_fingerprint.clear();
}

} // namespace cm::ui
