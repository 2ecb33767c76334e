#include "DialogHelpers.h"

#include "SecretClipboard.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QLayout>
#include <QLineEdit>
#include <QStyle>
#include <QStyleOptionFrame>

namespace cm::ui {

namespace { } // namespace

void wipeLineEdit(QLineEdit* edit)
{
    QString text = edit->text();
    edit->setText(QString());
    wipe(text);
}

void copySecret(const QLineEdit* edit)
{
    QString text = edit->text();
    SecretClipboard::instance().copy(text);
    wipe(text);
}

void fitKeyText(QLineEdit* edit, int extra)
{
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // The text, QLineEdit's inner margins (2 on each side) and the cursor, then the frame.
    const int text = edit->fontMetrics().horizontalAdvance(QString(qsizetype(MasterKey::HexLength), QLatin1Char('0')))
        + 2 * 2 + 1 + extra;
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.lineWidth = edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, edit);
    edit->setMinimumWidth(
        edit->style()
            ->sizeFromContents(QStyle::CT_LineEdit, &option, QSize(text, edit->sizeHint().height()), edit)
            .width());
}

void growToFit(QWidget* window)
{
    QLayout* layout = window->layout();
    layout->activate();
    const int width = qMax(window->width(), layout->totalMinimumSize().width());
    const int height
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : layout->totalSizeHint().height();
    if (width > window->width() || height > window->height())
        window->resize(width, qMax(height, window->height()));
}

} // namespace cm::ui
