#pragma once

#include <QApplication>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace cm::test {

// The child of `parent` with this object name, or nullptr (with a warning naming it).
template<typename T = QWidget> T* child(const QObject* parent, const QString& name)
{
    T* found = parent->findChild<T*>(name);
    if (!found)
        qWarning("no child named %s", qPrintable(name));
    return found;
}

// Runs `action` on the next dialog of type Dialog that becomes the active modal widget, from
// inside its exec() (polled by a timer, so the order of shows and timers does not matter).
// However `action` ends, a failed check included, the dialog does not stay open: exec() would
// otherwise wait for ever. The driver stops when it goes out of scope.
template<typename Dialog> class ModalDriver
{
public:
    explicit ModalDriver(std::function<void(Dialog*)> action)
        : m_action(std::move(action))
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { poll(); });
        m_timer.start();
    }
    ModalDriver(const ModalDriver&) = delete;
    ModalDriver& operator=(const ModalDriver&) = delete;

    bool ran() const { return m_ran; }

private:
    void poll()
    {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible())
            return;
        m_timer.stop();
        m_ran = true;
        const QPointer<Dialog> guard(dialog);
        m_action(dialog);
        if (guard && guard->isVisible())
            guard->reject();
    }

    std::function<void(Dialog*)> m_action;
    QTimer m_timer;
    bool m_ran = false;
};

} // namespace cm::test
