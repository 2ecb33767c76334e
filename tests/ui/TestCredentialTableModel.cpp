#include "models/CredentialFilterModel.h"
#include "models/CredentialTableModel.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <random>

using namespace cm;
using namespace cm::ui;

namespace {

CredentialSummary summary(const QString& name, const QString& provider, const QString& updated, bool isDefault = false)
{
    CredentialSummary credential;
    credential.id = name.toLower() + QStringLiteral("-id");
    credential.name = name;
    credential.provider = provider;
    credential.updatedAt = QDateTime::fromString(updated, Qt::ISODate);
    credential.createdAt = credential.updatedAt;
    credential.revision = 1;
    credential.defaultEmbeddings = isDefault;
    return credential;
}

QStringList column(const QAbstractItemModel& model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
}

} // namespace

// The table model and its search/sort proxy, checked by Qt's own model tester.
class TestCredentialTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void rowsShowNameProviderAndMarker();
    void searchMatchesNameOrProvider();
    void sortsByEveryColumn();
    void reloadKeepsTheModelConsistent();
    void reloadAppliesADiffNotAReset();
    void nameOrderIsUnicodeFoldedWhateverTheArrivalOrder();

private:
    std::unique_ptr<CredentialTableModel> m_model;
    std::unique_ptr<CredentialFilterModel> m_filter;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_filterTester;
};

void TestCredentialTableModel::init()
{
    m_model = std::make_unique<CredentialTableModel>();
    m_filter = std::make_unique<CredentialFilterModel>();
    m_filter->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filterTester = std::make_unique<QAbstractItemModelTester>(m_filter.get(),
                                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setCredentials({
        summary(QStringLiteral("Production"), QStringLiteral("azure-openai"), QStringLiteral("2026-03-01T10:00:00Z")),
        summary(QStringLiteral("embeddings"), QStringLiteral("azure-openai-embeddings"),
                QStringLiteral("2026-05-01T10:00:00Z"), true),
        summary(QStringLiteral("Local LLM"), QStringLiteral("custom"), QStringLiteral("2026-01-01T10:00:00Z")),
        summary(QStringLiteral("Mistral EU"), QStringLiteral("mistral"), QStringLiteral("2026-04-01T10:00:00Z")),
    });
}

void TestCredentialTableModel::rowsShowNameProviderAndMarker()
{
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->columnCount(), int(CredentialTableModel::ColumnCount));
    QCOMPARE(m_model->headerData(CredentialTableModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(m_model->headerData(CredentialTableModel::ProviderColumn, Qt::Horizontal).toString(),
             QStringLiteral("Provider"));
    QCOMPARE(m_model->headerData(CredentialTableModel::UpdatedColumn, Qt::Horizontal).toString(),
             QStringLiteral("Last updated"));
    // Provider display names, not ids.
    QCOMPARE(column(*m_model, CredentialTableModel::ProviderColumn),
             QStringList({ QStringLiteral("Azure OpenAI"), QStringLiteral("Azure OpenAI Embeddings"),
                           QStringLiteral("Custom Provider"), QStringLiteral("Mistral AI") }));
    // Only the default embeddings credential carries the marker.
    const QStringList markers = column(*m_model, CredentialTableModel::DefaultColumn);
    QVERIFY(markers.at(0).isEmpty());
    QVERIFY(markers.at(1).contains(QLatin1String("Default")));
    QVERIFY(markers.at(2).isEmpty() && markers.at(3).isEmpty());
    QCOMPARE(m_model->index(1, 0).data(CredentialTableModel::IdRole).toString(), QStringLiteral("embeddings-id"));
    QCOMPARE(m_model->rowOf(QStringLiteral("local llm-id")), 2);
    QCOMPARE(m_model->rowOf(QStringLiteral("nope")), -1);
}

void TestCredentialTableModel::searchMatchesNameOrProvider()
{
    m_filter->setSearchText(QStringLiteral("mistral"));
    QCOMPARE(column(*m_filter, 0), QStringList { QStringLiteral("Mistral EU") });
    m_filter->setSearchText(QStringLiteral("  AZURE "));
    QCOMPARE(m_filter->rowCount(), 2); // by provider name, case-insensitively, trimmed
    m_filter->setSearchText(QStringLiteral("custom provider"));
    QCOMPARE(column(*m_filter, 0), QStringList { QStringLiteral("Local LLM") });
    m_filter->setSearchText(QStringLiteral("zzz"));
    QCOMPARE(m_filter->rowCount(), 0);
    m_filter->setSearchText(QString());
    QCOMPARE(m_filter->rowCount(), 4);
}

void TestCredentialTableModel::sortsByEveryColumn()
{
    m_filter->sort(CredentialTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(column(*m_filter, 0),
             QStringList({ QStringLiteral("embeddings"), QStringLiteral("Local LLM"), QStringLiteral("Mistral EU"),
                           QStringLiteral("Production") })); // case-insensitively
    m_filter->sort(CredentialTableModel::UpdatedColumn, Qt::DescendingOrder);
    QCOMPARE(column(*m_filter, 0),
             QStringList({ QStringLiteral("embeddings"), QStringLiteral("Mistral EU"), QStringLiteral("Production"),
                           QStringLiteral("Local LLM") })); // by time, not by the displayed text
    m_filter->sort(CredentialTableModel::ProviderColumn, Qt::AscendingOrder);
    QCOMPARE(column(*m_filter, CredentialTableModel::ProviderColumn).first(), QStringLiteral("Azure OpenAI"));
    m_filter->sort(CredentialTableModel::DefaultColumn, Qt::DescendingOrder);
    QCOMPARE(column(*m_filter, 0).first(), QStringLiteral("embeddings"));
}

void TestCredentialTableModel::reloadKeepsTheModelConsistent()
{
    m_filter->setSearchText(QStringLiteral("o"));
    m_model->setCredentials(
        { summary(QStringLiteral("Only"), QStringLiteral("ionos"), QStringLiteral("2026-01-01T00:00:00Z")) });
    QCOMPARE(m_filter->rowCount(), 1);
    m_model->setCredentials({});
    QCOMPARE(m_filter->rowCount(), 0);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestCredentialTableModel::reloadAppliesADiffNotAReset()
{
    // What a view holds on to: rows of the model and of the sorted proxy it shows.
    m_filter->sort(CredentialTableModel::NameColumn, Qt::AscendingOrder);
    const QPersistentModelIndex local(m_model->index(m_model->rowOf(QStringLiteral("local llm-id")), 0));
    const QPersistentModelIndex mistral(m_model->index(m_model->rowOf(QStringLiteral("mistral eu-id")), 0));
    const QPersistentModelIndex production(m_model->index(m_model->rowOf(QStringLiteral("production-id")), 0));
    const QPersistentModelIndex removed(m_model->index(m_model->rowOf(QStringLiteral("embeddings-id")), 0));
    const QPersistentModelIndex shownLocal(m_filter->mapFromSource(local));
    QVERIFY(local.isValid() && mistral.isValid() && production.isValid() && removed.isValid() && shownLocal.isValid());

    QSignalSpy aboutToReset(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy filterReset(m_filter.get(), &QAbstractItemModel::modelReset);
    QSignalSpy rowsRemoved(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy rowsInserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy dataChanged(m_model.get(), &QAbstractItemModel::dataChanged);

    // Another program deleted "embeddings", renamed "Mistral EU", updated "Production" and added
    // a credential; "Local LLM" is as it was. The store lists them in its own order.
    CredentialSummary renamed
        = summary(QStringLiteral("Mistral EU"), QStringLiteral("mistral"), QStringLiteral("2026-06-01T10:00:00Z"));
    renamed.name = QStringLiteral("Mistral Paris");
    renamed.revision = 2;
    CredentialSummary updated
        = summary(QStringLiteral("Production"), QStringLiteral("azure-openai"), QStringLiteral("2026-06-02T10:00:00Z"));
    updated.createdAt = QDateTime::fromString(QStringLiteral("2026-03-01T10:00:00Z"), Qt::ISODate);
    updated.revision = 2;
    m_model->setCredentials({
        summary(QStringLiteral("Added"), QStringLiteral("ionos"), QStringLiteral("2026-06-03T10:00:00Z")),
        renamed,
        summary(QStringLiteral("Local LLM"), QStringLiteral("custom"), QStringLiteral("2026-01-01T10:00:00Z")),
        updated,
    });

    QCOMPARE(aboutToReset.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(filterReset.count(), 0);
    QCOMPARE(rowsRemoved.count(), 1);
    QCOMPARE(rowsInserted.count(), 1);
    // One dataChanged per changed row, each over the whole row; none for "Local LLM".
    QStringList changedIds;
    for (const QList<QVariant>& arguments : std::as_const(dataChanged)) {
        const QModelIndex topLeft = arguments.at(0).toModelIndex();
        const QModelIndex bottomRight = arguments.at(1).toModelIndex();
        QCOMPARE(topLeft.row(), bottomRight.row());
        QCOMPARE(topLeft.column(), 0);
        QCOMPARE(bottomRight.column(), int(CredentialTableModel::ColumnCount) - 1);
        changedIds << topLeft.data(CredentialTableModel::IdRole).toString();
    }
    changedIds.sort();
    QCOMPARE(changedIds, QStringList({ QStringLiteral("mistral eu-id"), QStringLiteral("production-id") }));

    // Every credential once, with the new data.
    QCOMPARE(m_model->rowCount(), 4);
    QStringList names = column(*m_model, CredentialTableModel::NameColumn);
    names.sort();
    QCOMPARE(names,
             QStringList({ QStringLiteral("Added"), QStringLiteral("Local LLM"), QStringLiteral("Mistral Paris"),
                           QStringLiteral("Production") }));
    QCOMPARE(m_model->rowOf(QStringLiteral("embeddings-id")), -1);
    QVERIFY(m_model->rowOf(QStringLiteral("added-id")) >= 0);
    QCOMPARE(m_model->credentialAt(m_model->rowOf(QStringLiteral("production-id"))).revision, qint64(2));
    QCOMPARE(column(*m_filter, 0),
             QStringList({ QStringLiteral("Added"), QStringLiteral("Local LLM"), QStringLiteral("Mistral Paris"),
                           QStringLiteral("Production") }));

    // The rows that stayed are still held, and each index still points at its credential.
    QVERIFY(!removed.isValid());
    QVERIFY(local.isValid() && mistral.isValid() && production.isValid() && shownLocal.isValid());
    QCOMPARE(local.data(CredentialTableModel::IdRole).toString(), QStringLiteral("local llm-id"));
    QCOMPARE(local.data().toString(), QStringLiteral("Local LLM"));
    QCOMPARE(mistral.data(CredentialTableModel::IdRole).toString(), QStringLiteral("mistral eu-id"));
    QCOMPARE(mistral.data().toString(), QStringLiteral("Mistral Paris"));
    QCOMPARE(production.data(CredentialTableModel::IdRole).toString(), QStringLiteral("production-id"));
    QCOMPARE(shownLocal.data(CredentialTableModel::IdRole).toString(), QStringLiteral("local llm-id"));
    QCOMPARE(m_filter->mapToSource(shownLocal), QModelIndex(local));

    // The same list again changes nothing.
    rowsRemoved.clear();
    rowsInserted.clear();
    dataChanged.clear();
    const QList<CredentialSummary> same = [this] {
        QList<CredentialSummary> list;
        for (int row = 0; row < m_model->rowCount(); ++row)
            list << m_model->credentialAt(row);
        return list;
    }();
    m_model->setCredentials(same);
    QCOMPARE(rowsRemoved.count() + rowsInserted.count() + dataChanged.count() + reset.count(), 0);
}

void TestCredentialTableModel::nameOrderIsUnicodeFoldedWhateverTheArrivalOrder()
{
    // Rows arrive nearly in the engine's order, in a random order, or in reverse; the table
    // shows them by the case-folded name every time, also after renames and additions.
    QStringList names;
    const QStringList stems = { QStringLiteral("alpha"),
                                QString::fromUtf8("Äpfel"),
                                QString::fromUtf8("äRGER"),
                                QStringLiteral("Zebra"),
                                QString::fromUtf8("\u212Aelvin"),
                                QStringLiteral("kilo"),
                                QString::fromUtf8("\u03A3igma"),
                                QStringLiteral("b-2"),
                                QStringLiteral("B-10") };
    for (int i = 0; i < 300; ++i)
        names.append(stems.at(i % stems.size()) + QLatin1Char(' ') + QString::number(i));
    const auto expectedOrder = [](QStringList list) {
        std::sort(list.begin(), list.end(), [](const QString& a, const QString& b) {
            const int folded = a.toCaseFolded().compare(b.toCaseFolded());
            return folded != 0 ? folded < 0 : a.localeAwareCompare(b) < 0;
        });
        return list;
    };
    const auto summaries = [](const QStringList& list) {
        QList<CredentialSummary> result;
        for (const QString& name : list)
            result.append(summary(name, QStringLiteral("mistral"), QStringLiteral("2026-01-01T00:00:00Z")));
        return result;
    };
    QStringList nocaseOrder = names; // what SQLite's NOCASE index walk gives: ASCII folded only
    std::sort(nocaseOrder.begin(), nocaseOrder.end(),
              [](const QString& a, const QString& b) { return a.compare(b, Qt::CaseInsensitive) < 0; });
    QStringList shuffled = names;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(20261127));
    QStringList reversed = expectedOrder(names);
    std::reverse(reversed.begin(), reversed.end());

    for (const QStringList& arrival : { nocaseOrder, shuffled, reversed }) {
        init();
        m_filter->sort(CredentialTableModel::NameColumn, Qt::AscendingOrder);
        m_model->setCredentials(summaries(arrival));
        QCOMPARE(column(*m_filter, 0), expectedOrder(names));
    }

    // A rename and an addition through the diff path.
    QStringList next = names;
    next[5] = QStringLiteral("aaa renamed");
    next.append(QString::fromUtf8("ärger added"));
    QList<CredentialSummary> renamed = summaries(next);
    renamed[5].id = summaries(names).at(5).id; // the same credential under a new name
    m_model->setCredentials(renamed);
    QCOMPARE(column(*m_filter, 0), expectedOrder(next));
    m_filter->sort(CredentialTableModel::NameColumn, Qt::DescendingOrder);
    QStringList descending = expectedOrder(next);
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(column(*m_filter, 0), descending);
}

QTEST_MAIN(TestCredentialTableModel)
#include "TestCredentialTableModel.moc"
