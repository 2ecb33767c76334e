// The stored timestamps: what the application writes reads back to the same instant, and the
// fast reading of its own shape agrees with QDateTime::fromString on every text.
#include "store/Timestamp.h"

#include <QRandomGenerator>
#include <QTest>

using namespace cm;

class TestTimestamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writtenTimesReadBack();
    void agreesWithQt_data();
    void agreesWithQt();
};

void TestTimestamp::writtenTimesReadBack()
{
    QRandomGenerator random(20261127);
    for (int i = 0; i < 20000; ++i) {
        // 1970 to 2200, to the millisecond.
        const qint64 ms = qint64(random.bounded(Q_UINT64_C(7258118400000)));
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        const QString text = Timestamp::format(time);
        QCOMPARE(text.size(), qsizetype(24));
        QVERIFY(text.endsWith(QLatin1Char('Z')));
        const QDateTime back = Timestamp::parse(text);
        QCOMPARE(back.toMSecsSinceEpoch(), ms);
        QCOMPARE(back.timeSpec(), Qt::UTC);
        QCOMPARE(back, QDateTime::fromString(text, Qt::ISODateWithMs));
    }
    // Another zone's time is written as UTC.
    const QDateTime berlin(QDate(2026, 11, 27), QTime(4, 5, 6, 789), Qt::OffsetFromUTC, 3600);
    QCOMPARE(Timestamp::format(berlin), QStringLiteral("2026-11-27T03:05:06.789Z"));
    QVERIFY(qAbs(Timestamp::parse(Timestamp::now()).msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
}

void TestTimestamp::agreesWithQt_data()
{
    QTest::addColumn<QString>("text");
    const char* const texts[] = {
        "2026-11-26T18:40:52.931Z",
        "2024-02-29T00:00:00.000Z",
        "2023-02-29T00:00:00.000Z",
        "2026-13-01T00:00:00.000Z",
        "2026-00-10T00:00:00.000Z",
        "2026-11-31T00:00:00.000Z",
        "2026-11-26T24:00:00.000Z",
        "2026-11-26T23:60:00.000Z",
        "2026-11-26T23:59:60.000Z",
        "0000-01-01T00:00:00.000Z",
        "20x6-11-26T18:40:52.931Z",
        "2026-1-026T18:40:52.931Z",
        "2026-11-26T18:40:52.9a1Z",
        "2026-11-26 18:40:52.931Z",
        "2026-11-26T18:40:52.931z",
        "2026-11-26T18:40:52.931+",
        "2026-11-26T18:40:52Z",
        "2026-11-26T18:40:52.931",
        "2026-11-26T18:40:52.931+02:00",
        "2026-11-26",
        "",
        "not a time",
        "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6-11-26T18:40:52.931Z", // Arabic-Indic digits in the year
    };
    for (const char* text : texts)
        QTest::newRow(text) << QString::fromUtf8(text);
}

void TestTimestamp::agreesWithQt()
{
    QFETCH(QString, text);
    const QDateTime expected = QDateTime::fromString(text, Qt::ISODateWithMs);
    const QDateTime parsed = Timestamp::parse(text);
    QCOMPARE(parsed.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(parsed.toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
        QCOMPARE(parsed, expected);
    }
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "TestTimestamp.moc"
