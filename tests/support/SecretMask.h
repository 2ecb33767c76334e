#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cm::test {

// The secrets a test handed to the code under test, and ways to look for them in what came back
// and to print that text without them: a failing check may show what it saw, never a key, not
// even when the failure is that the key leaked.
class SecretMask
{
public:
    // Remembers `secret` for the checks and the masking below.
    void add(const QString& secret);
    // Adds `secret` and returns it, for `const QString key = mask.remember(randomKey());`.
    QString remember(const QString& secret);
    void clear();
    QStringList secrets() const { return m_secrets; }

    // Whether a remembered secret is in `text` whole, as it is or percent-encoded.
    bool foundIn(const QString& text) const;
    bool foundIn(const QByteArray& bytes) const;
    // Whether any MinimumPart consecutive characters of a remembered secret (other than a run of
    // letters alone, which is a word as often as not) are in `text`, in any case: a key shown half
    // decoded, lower-cased (as in a host name), cut short or split still shows that much of it.
    bool partFoundIn(const QString& text) const;

    // `text` with every remembered secret, and every run of MinimumPart characters of one that
    // partFoundIn() would find, replaced by "<secret>". Made for failure messages: safe to print
    // whatever `text` held.
    QString masked(QString text) const;
    QByteArray masked(const QByteArray& bytes) const;
    // masked(text) in UTF-8, for QVERIFY2's message.
    QByteArray printable(const QString& text) const { return masked(text).toUtf8(); }

    static constexpr qsizetype MinimumPart = 8;

private:
    QStringList m_secrets;
};

} // namespace cm::test
