#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace cm::test {

// A small tmpfs of the test's own, mounted on a temporary folder: a disk that really fills up
// (ENOSPC) and a medium that really is read-only (EROFS), for the store fault tests. Linux only;
// mount(8) and umount(8) of util-linux do the work, called without a shell. Mounting needs root
// (CAP_SYS_ADMIN): REQUIRE_SCRATCH_MOUNT skips the test without it, and fails it when running as
// root, so a machine that should mount never skips silently. Unmounted (lazily when something
// still holds a file open) when it goes out of scope, however the test ends.
class ScratchMount
{
public:
    // Mounts a tmpfs of `sizeBytes` (rounded up to whole pages); see isMounted() and problem().
    explicit ScratchMount(qint64 sizeBytes);
    ~ScratchMount();
    ScratchMount(const ScratchMount&) = delete;
    ScratchMount& operator=(const ScratchMount&) = delete;

    bool isMounted() const { return m_mounted; }
    // What mount(8) or the file system said about the last step that failed.
    QString problem() const { return m_problem; }
    // The mount point, and a path inside it.
    QString path() const { return m_dir.path(); }
    QString filePath(const QString& name) const { return m_dir.filePath(name); }

    // mount -o remount,ro (or rw). Remounting read-only is refused while any process holds a file
    // on it open for writing (an open SQLite connection does): false, with problem().
    bool setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    // What the file system has left for files.
    qint64 bytesAvailable() const;
    // Writes a file `name` until the file system refuses the next byte with ENOSPC, less `leave`
    // bytes (rounded to the file system's pages): the disk is then full, or nearly. Returns the
    // bytes written, or -1 (with problem()) when the file system refused for another reason.
    qint64 fill(const QString& name, qint64 leave = 0);

    // Whether this process runs as root: then a refused mount is a failure, not a reason to skip.
    static bool runningAsRoot();

private:
    bool run(const QStringList& arguments);

    QTemporaryDir m_dir;
    QString m_problem;
    bool m_mounted = false;
    bool m_readOnly = false;
};

} // namespace cm::test

// The test needs `mount` mounted: it is skipped with mount's own words where mounting is not
// permitted, and fails where it should have worked (as root).
#define REQUIRE_SCRATCH_MOUNT(mount)                                                                                   \
    do {                                                                                                               \
        const cm::test::ScratchMount& required_ = (mount);                                                             \
        if (!required_.isMounted()) {                                                                                  \
            if (cm::test::ScratchMount::runningAsRoot())                                                               \
                QFAIL(qPrintable(QStringLiteral("running as root, but the scratch tmpfs could not be mounted: ")       \
                                 + required_.problem()));                                                              \
            QSKIP(qPrintable(QStringLiteral("mounting a scratch tmpfs needs root (CAP_SYS_ADMIN): ")                   \
                             + required_.problem()));                                                                  \
        }                                                                                                              \
    } while (false)
