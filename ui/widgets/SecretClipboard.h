#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace cm::ui {

// The one way a secret reaches the clipboard: with the hint that keeps it out of clipboard
// histories (KDE's Klipper and others honour "x-kde-passwordManagerHint"), and cleared again
// after ClearAfter, or when the application quits, unless something else was copied since.
// Only a keyed BLAKE2b fingerprint of the secret is kept to tell that, never the secret.
class SecretClipboard : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds ClearAfter { 30000 };

    static SecretClipboard& instance();

    void copy(const QString& secret);
    // Whether the clipboard holds the last secret copied here.
    bool holdsSecret() const;
    // Tests wait less than 30 seconds.
    void setClearAfter(std::chrono::milliseconds delay) { m_timer.setInterval(delay); }

private:
    SecretClipboard();
    QByteArray fingerprint(const QString& text) const;
    void clearIfStillSecret();

    QTimer m_timer;
    QByteArray m_fingerprintKey;
    QByteArray m_fingerprint; // of the secret on the clipboard; empty when none
};

} // namespace cm::ui
