#include "support/SecretMask.h"

#include <QList>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace cm::test {

namespace {

const QString Placeholder = QStringLiteral("<secret>");

QString percentEncoded(const QString& secret)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(secret));
}

// `text` with each UTF-16 unit in lower case, so positions stay those of `text`.
QString lowerCased(const QString& text)
{
    QString lower = text;
    for (QChar& c : lower)
        c = c.toLower();
    return lower;
}

// The runs of SecretMask::MinimumPart characters of a text, in lower case, so that the runs of
// a secret are looked up there rather than searched for one by one.
class Runs
{
public:
    explicit Runs(const QString& text)
        : m_lower(lowerCased(text))
    {
        m_runs.reserve(m_lower.size());
        for (qsizetype at = 0; at + SecretMask::MinimumPart <= m_lower.size(); ++at)
            m_runs.insert(QStringView(m_lower).mid(at, SecretMask::MinimumPart));
    }

    // The runs of `secret` (in lower case) that the text has, in any case. Runs of letters alone
    // are left out: in a secret such as "sk-embeddings-4f0c..." they are words, which the text
    // may well hold ("Embeddings API Key") without any secret in it.
    QStringList of(const QString& secret) const
    {
        QStringList found;
        const QString lower = lowerCased(secret);
        for (qsizetype at = 0; at + SecretMask::MinimumPart <= lower.size(); ++at) {
            const QStringView run = QStringView(lower).mid(at, SecretMask::MinimumPart);
            const bool word = std::all_of(run.begin(), run.end(), [](QChar c) { return c.isLetter(); });
            if (!word && m_runs.contains(run))
                found.append(run.toString());
        }
        return found;
    }

private:
    QString m_lower; // m_runs view into it
    QSet<QStringView> m_runs;
};

} // namespace

void SecretMask::add(const QString& secret)
{
    if (!secret.isEmpty() && !m_secrets.contains(secret))
        m_secrets.append(secret);
}

QString SecretMask::remember(const QString& secret)
{
    add(secret);
    return secret;
}

void SecretMask::clear()
{
    m_secrets.clear();
}

bool SecretMask::foundIn(const QString& text) const
{
    for (const QString& secret : m_secrets) {
        if (text.contains(secret) || text.contains(percentEncoded(secret), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool SecretMask::foundIn(const QByteArray& bytes) const
{
    return foundIn(QString::fromUtf8(bytes));
}

bool SecretMask::partFoundIn(const QString& text) const
{
    const Runs runs(text);
    for (const QString& secret : m_secrets) {
        if (secret.size() < MinimumPart ? text.contains(secret, Qt::CaseInsensitive) : !runs.of(secret).isEmpty())
            return true;
    }
    return false;
}

QString SecretMask::masked(QString text) const
{
    // Every character of `text` that belongs to a secret in any of its spellings, or to a run of
    // MinimumPart characters of one, is covered; each stretch of covered characters becomes one
    // placeholder.
    QList<bool> covered(text.size(), false);
    const auto cover = [&covered](qsizetype from, qsizetype length) {
        for (qsizetype i = from; i < from + length; ++i)
            covered[i] = true;
    };
    const auto coverEach = [&](const QString& part, Qt::CaseSensitivity sensitivity) {
        for (qsizetype at = text.indexOf(part, 0, sensitivity); at >= 0; at = text.indexOf(part, at + 1, sensitivity))
            cover(at, part.size());
    };
    const Runs runs(text);
    for (const QString& secret : m_secrets) {
        coverEach(secret, Qt::CaseInsensitive);
        coverEach(percentEncoded(secret), Qt::CaseInsensitive);
        for (const QString& run : runs.of(secret))
            coverEach(run, Qt::CaseInsensitive);
    }
    QString result;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!covered[i])
            result += text[i];
        else if (i == 0 || !covered[i - 1])
            result += Placeholder;
    }
    return result;
}

QByteArray SecretMask::masked(const QByteArray& bytes) const
{
    return masked(QString::fromUtf8(bytes)).toUtf8();
}

} // namespace cm::test
