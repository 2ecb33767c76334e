#include "models/CredentialFilterModel.h"
#include "models/CredentialTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

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

QTEST_MAIN(TestCredentialTableModel)
#include "TestCredentialTableModel.moc"
