#include "support/BackupComparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace cm::test {

QString backupDifference(const QJsonObject& expected, const QJsonObject& actual)
{
    if (actual.isEmpty())
        return u"\"%1\" could not be shown"_s.arg(expected.value(u"name"_s).toString());
    QStringList problems;
    for (const char* key : { "name", "provider", "created_at", "updated_at", "default_embeddings" }) {
        const QJsonValue want = expected.value(QLatin1String(key));
        const QJsonValue got = actual.value(QLatin1String(key));
        if (want != got)
            problems << u"%1 is %2 instead of %3"_s.arg(
                QLatin1String(key), QString::fromUtf8(QJsonDocument(QJsonArray { got }).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(QJsonArray { want }).toJson(QJsonDocument::Compact)));
    }
    const QJsonObject wantFields = expected.value(u"fields"_s).toObject();
    const QJsonObject gotFields = actual.value(u"fields"_s).toObject();
    if (wantFields.keys() != gotFields.keys())
        problems << u"the field keys are [%1] instead of [%2]"_s.arg(gotFields.keys().join(u", "_s),
                                                                     wantFields.keys().join(u", "_s));
    for (const QString& key : wantFields.keys()) {
        if (wantFields.value(key) != gotFields.value(key))
            problems << u"the value of field %1 differs"_s.arg(key);
    }
    return problems.isEmpty() ? QString()
                              : u"\"%1\": "_s.arg(expected.value(u"name"_s).toString()) + problems.join(u"; "_s);
}

} // namespace cm::test
