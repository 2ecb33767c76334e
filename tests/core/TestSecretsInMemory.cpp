// Key material and decrypted values are wiped after use (SPEC §4): the test looks for them in
// its own process's memory (Linux: /proc/self/maps, read through /proc/self/mem) once the code
// that handled them has let them go, after checking that the very same scan finds them while
// they live. Secrets are random per run, kept by the test only in secure memory, searched for
// through masked patterns, and never printed.
//
// What is guaranteed, and what is not (Qt 6.4):
// - Master keys (raw and as hex text) and payload plaintexts go through secure memory only:
//   no copy of them may remain anywhere.
// - A credential read from the store: its values live in FieldValues' UTF-16 QStrings, which
//   are wiped, so no UTF-16 copy may remain. QJsonDocument::fromJson (FieldValues::fromJson)
//   first parses the plaintext into Qt's private QCborContainerPrivate, whose byte buffer
//   holds each value in UTF-8 and is freed without being wiped; Qt offers no way to reach that
//   buffer, and parsing the JSON without QJsonDocument is not an option. So a UTF-8 copy may
//   stay in a freed heap block until the allocator reuses it.
// - Values written (FieldValues::toJson): QJsonObject::insert and QJsonDocument::toJson make
//   UTF-16 and UTF-8 temporaries of each value inside Qt that are freed unwiped; only that
//   such copies are in freed heap blocks, and nowhere else, is guaranteed.
// Telling a freed heap block from a live one needs AddressSanitizer, which knows every block;
// with glibc's malloc the test checks what can be told: the copies are in the [heap], and (on
// reading) there are no more of them than QJsonDocument makes.

#include "crypto/MasterKey.h"
#include "crypto/PayloadCipher.h"
#include "crypto/SecureBuffer.h"
#include "store/CredentialStore.h"
#include "store/FieldValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>

#if defined(__SANITIZE_ADDRESS__)
#define CM_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CM_TEST_ASAN 1
#endif
#endif
#ifdef CM_TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

using namespace cm;
using namespace cm::test;

namespace {

const QString Mistral = QStringLiteral("mistral");
const QString ApiKey = QStringLiteral("api_key");

// One random nonzero byte in a heap block of its own. Patterns hold their secret XOR this byte:
// no pattern is a copy of its secret, and none can match itself.
unsigned char maskByte()
{
    static const std::unique_ptr<unsigned char> mask = [] {
        auto byte = std::make_unique<unsigned char>(0);
        while (*byte == 0)
            randombytes_buf(byte.get(), 1);
        return byte;
    }();
    return *mask;
}

// `size` random bytes in secure memory.
SecureBuffer randomSecret(std::size_t size)
{
    SecureBuffer bytes(size);
    randombytes_buf(bytes.data(), size);
    return bytes;
}

// Lowercase hex of `bytes`, in secure memory: a key as CREDENTIAL_ENCRYPTION_KEY holds it, or a
// value that looks like an API key.
SecureBuffer hexOf(const SecureBuffer& bytes)
{
    SecureBuffer hex(2 * bytes.size() + 1); // and the terminator sodium_bin2hex writes
    sodium_bin2hex(reinterpret_cast<char*>(hex.data()), hex.size(), bytes.data(), bytes.size());
    hex.truncate(2 * bytes.size());
    return hex;
}

QLatin1String latin1(const SecureBuffer& text)
{
    return QLatin1String(reinterpret_cast<const char*>(text.data()), qsizetype(text.size()));
}

// The payload plaintext of a credential whose only field is api_key = `value`, in the storage
// format (compact UTF-8 JSON object; a hex value needs no escaping), in secure memory.
SecureBuffer plaintextWithApiKey(const SecureBuffer& value)
{
    static constexpr char Before[] = "{\"api_key\":\"";
    static constexpr char After[] = "\"}";
    SecureBuffer json(sizeof Before - 1 + value.size() + sizeof After - 1);
    std::memcpy(json.data(), Before, sizeof Before - 1);
    std::memcpy(json.data() + sizeof Before - 1, value.data(), value.size());
    std::memcpy(json.data() + sizeof Before - 1 + value.size(), After, sizeof After - 1);
    return json;
}

// What the scanner looks for: a secret's bytes as they would sit in memory (raw, or text in
// UTF-8, or Latin-1 text widened to UTF-16), masked with maskByte(). A copy counts as soon as a
// piece of PieceCharacters consecutive characters of it is found: a copy cut short or partly
// overwritten (a freed block the allocator reused) counts when 2 * PieceCharacters - 1 of them
// survive. 16 hex characters are 64 random bits: no chance match in the memory of a process.
// A pattern lives where it is declared, never in the heap: making one cannot reuse (and so
// overwrite) a freed block that holds a copy.
class Pattern
{
public:
    enum class Form
    {
        Bytes,
        Utf16
    };
    static constexpr std::size_t PieceCharacters = 16;
    static constexpr std::size_t MaxSize = 256; // bytes, in the form searched for

    Pattern(const char* name, const unsigned char* secret, std::size_t size, Form form = Form::Bytes)
        : m_name(name)
    {
        const unsigned char mask = maskByte();
        const std::size_t width = form == Form::Utf16 ? 2 : 1;
        Q_ASSERT(size > 0 && width * size <= MaxSize);
        for (std::size_t i = 0; i < size; ++i) {
            m_masked[m_size++] = secret[i] ^ mask;
            if (form == Form::Utf16)
                m_masked[m_size++] = mask; // the high byte of a Latin-1 character, little-endian
        }
        m_piece = std::min(width * PieceCharacters, m_size);
        for (std::size_t at = 0; at + m_piece <= m_size; at += m_piece)
            m_pieces[m_pieceCount++] = at;
        if (m_pieces[m_pieceCount - 1] + m_piece != m_size)
            m_pieces[m_pieceCount++] = m_size - m_piece; // the tail, overlapping the piece before
    }
    Pattern(const char* name, const SecureBuffer& secret, Form form = Form::Bytes)
        : Pattern(name, secret.data(), secret.size(), form)
    { }

    const char* name() const { return m_name; }
    std::size_t pieceSize() const { return m_piece; }
    std::size_t pieceCount() const { return m_pieceCount; }
    std::size_t piece(std::size_t index) const { return m_pieces[index]; } // its offset in the pattern

    // Whether the piece at `offset` of the pattern is at `memory`. Compares masked bytes: the
    // secret is never reassembled.
    bool pieceAt(std::size_t offset, const unsigned char* memory) const
    {
        const unsigned char mask = maskByte();
        for (std::size_t i = 0; i < m_piece; ++i) {
            if ((memory[i] ^ mask) != m_masked[offset + i])
                return false;
        }
        return true;
    }

    // The byte of a piece that the scan looks for first (with memchr), and its place in the
    // piece: not 0x00 or 0xff, which fill so much memory that every other byte would be a
    // candidate. One byte of a secret, in a register, for the length of a scan.
    std::pair<unsigned char, std::size_t> anchor(std::size_t offset) const
    {
        const unsigned char mask = maskByte();
        for (std::size_t i = 0; i < m_piece; ++i) {
            const unsigned char byte = m_masked[offset + i] ^ mask;
            if (byte != 0x00 && byte != 0xff)
                return { byte, i };
        }
        return { m_masked[offset] ^ mask, 0 };
    }

private:
    const char* m_name;
    std::array<unsigned char, MaxSize> m_masked {};
    std::size_t m_size = 0;
    std::size_t m_piece = 0;
    std::array<std::size_t, MaxSize / PieceCharacters + 1> m_pieces {};
    std::size_t m_pieceCount = 0;
};

// Where a copy was found.
enum class Place
{
    HeapBlock, // in a live malloc block; without ASan, anywhere in the [heap], live or freed
    FreedHeapBlock, // in a malloc block already freed (only AddressSanitizer can tell)
    Elsewhere, // secure memory, a stack, a library's data, any other mapping
};

// Reads every readable mapping of this process that can hold data it wrote (anonymous memory,
// which includes sodium_malloc's, the malloc heap, stacks, and writable file mappings such as a
// library's .data and .bss) through /proc/self/mem, so that guard pages and other unreadable
// pages fail softly, and looks for patterns there. Pages never touched are skipped (their
// /proc/self/pagemap entry is neither present nor swapped). Read-only file mappings (code,
// constants), [vvar], [vdso] and [vsyscall] cannot hold a secret the process wrote and are left
// out; under AddressSanitizer so is its shadow memory, which records which bytes are
// addressable, never their contents.
//
// While it scans, the scanner allocates nothing from the heap: all it needs (the read window,
// the text of /proc/self/maps, page flags, findings) lives in one mmap region of its own, left
// out of the scan and wiped after each. It can thus neither add a copy of what it reads nor
// reuse, and overwrite, a freed block that holds one.
class MemoryScanner
{
public:
    struct Copy
    {
        Place place;
        QString where;
    };
    struct Report
    {
        int mappings = 0; // mappings scanned
        qint64 bytes = 0; // bytes read: the pages in use
        qint64 skippedBytes = 0; // bytes of the scanned mappings never touched, or unreadable
        qint64 elapsedMs = 0;
        QList<QByteArray> names; // of the patterns, in the order given
        QList<QList<Copy>> copies; // by pattern

        int count(int pattern) const { return int(copies.at(pattern).size()); }
        int count(int pattern, Place place) const
        {
            const QList<Copy>& found = copies.at(pattern);
            return int(
                std::count_if(found.cbegin(), found.cend(), [place](const Copy& c) { return c.place == place; }));
        }
        // "value as UTF-8: 2 copies: [heap]+0x1f2a0 (heap block); anonymous rw-p (elsewhere)"
        QByteArray describe(int pattern) const
        {
            QStringList where;
            for (const Copy& copy : copies.at(pattern))
                where.append(copy.where);
            return names.at(pattern) + ": " + QByteArray::number(count(pattern)) + " copies"
                + (where.isEmpty() ? QByteArray() : ": " + where.join(QLatin1String("; ")).toUtf8());
        }
    };

    MemoryScanner()
    {
        m_mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
        if (m_mem < 0)
            m_problem = "cannot open /proc/self/mem: " + QByteArray(std::strerror(errno));
        m_pagemap = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC); // without it, every page is read
        m_page = std::size_t(sysconf(_SC_PAGESIZE));
        void* arena = mmap(nullptr, ArenaSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        m_arena = arena == MAP_FAILED ? nullptr : static_cast<unsigned char*>(arena);
        if (!m_arena)
            m_problem = "cannot map the scanner's memory";
#ifdef CM_TEST_ASAN
        std::size_t scale = 0;
        std::size_t offset = 0;
        __asan_get_shadow_mapping(&scale, &offset);
        m_shadowBegin = offset;
        m_shadowEnd = offset + ((quintptr(1) << 47) >> scale); // the shadow of the user address space
#endif
    }
    ~MemoryScanner()
    {
        if (m_arena) {
            sodium_memzero(m_arena, ArenaSize);
            munmap(m_arena, ArenaSize);
        }
        if (m_pagemap >= 0)
            ::close(m_pagemap);
        if (m_mem >= 0)
            ::close(m_mem);
    }
    MemoryScanner(const MemoryScanner&) = delete;
    MemoryScanner& operator=(const MemoryScanner&) = delete;

    // Why the scanner cannot work here; empty when it can.
    QByteArray problem() const
    {
        return m_problem;
    }

    Report scan(const Pattern* const* patterns, std::size_t count)
    {
        QElapsedTimer timer;
        timer.start();
        m_patterns = patterns;
        m_patternCount = count;
        m_hitCount = 0;
        m_mappings = 0;
        m_bytes = 0;
        m_skipped = 0;
        m_overlap = 0;
        for (std::size_t p = 0; p < count; ++p)
            m_overlap = std::max(m_overlap, patterns[p]->pieceSize() - 1);
        scanMappings();
        sodium_memzero(m_arena, WindowSize); // the last bytes read

        // Only now, with the scan over, may the heap be used again.
        Report report;
        report.elapsedMs = timer.elapsed();
        report.mappings = m_mappings;
        report.bytes = qint64(m_bytes);
        report.skippedBytes = qint64(m_skipped);
        for (std::size_t p = 0; p < count; ++p) {
            report.names.append(patterns[p]->name());
            QList<Copy> copies;
            for (std::size_t h = 0; h < m_hitCount; ++h) {
                if (hits()[h].pattern == p)
                    copies.append(copyAt(hits()[h]));
            }
            if (m_hitCount == MaxHits)
                copies.append({ Place::Elsewhere, QStringLiteral("(and more: too many to record)") });
            report.copies.append(copies);
        }
        return report;
    }

private:
    static constexpr std::size_t WindowSize = 1 << 20;
    static constexpr std::size_t MapsCapacity = 4 << 20;
    static constexpr std::size_t PagemapBatch = 512; // pages per pagemap read
    static constexpr std::size_t MaxHits = 256;
    struct Hit
    {
        std::size_t pattern;
        quintptr start; // where the copy begins (it may have been cut off there)
        quintptr seen; // where a piece of it was found
        quintptr mappingBegin;
        const char* mappingLine; // in this scan's copy of /proc/self/maps
    };
    // The arena: [read window][/proc/self/maps][pagemap entries][hits]
    static constexpr std::size_t MapsAt = WindowSize;
    static constexpr std::size_t PagemapAt = MapsAt + MapsCapacity;
    static constexpr std::size_t HitsAt = PagemapAt + PagemapBatch * sizeof(quint64);
    static constexpr std::size_t ArenaSize = HitsAt + MaxHits * sizeof(Hit);

    Hit* hits() const
    {
        return reinterpret_cast<Hit*>(m_arena + HitsAt);
    }

    void scanMappings()
    {
        // The whole of /proc/self/maps first: the mappings of one instant.
        char* maps = reinterpret_cast<char*>(m_arena + MapsAt);
        std::size_t length = 0;
        const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return;
        for (ssize_t n = 1; n > 0 && length < MapsCapacity - 1;) {
            n = ::read(fd, maps + length, MapsCapacity - 1 - length);
            length += std::size_t(std::max<ssize_t>(n, 0));
        }
        ::close(fd);
        maps[length] = '\0';

        for (char* line = maps; *line;) {
            char* end = std::strchr(line, '\n');
            if (end)
                *end = '\0';
            scanMapping(line);
            line = end ? end + 1 : line + std::strlen(line);
        }
    }

    // A line of /proc/self/maps: "begin-end perms offset device inode [path]".
    static bool parseLine(const char* line, unsigned long* begin, unsigned long* end, char (&perms)[5],
                          const char** path)
    {
        int pathAt = 0;
        if (std::sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", begin, end, perms, &pathAt) < 3 || pathAt == 0)
            return false;
        *path = line + pathAt;
        return true;
    }

    static bool holdsWrittenData(const char* path, bool writable)
    {
        if (*path == '\0')
            return true; // anonymous: sodium_malloc, large malloc blocks, thread stacks, ...
        if (*path == '[')
            return std::strcmp(path, "[heap]") == 0 || std::strncmp(path, "[stack", 6) == 0
                || std::strncmp(path, "[anon:", 6) == 0; // not [vvar], [vdso], [vsyscall], ...
        if (std::strncmp(path, "/dev/", 5) == 0 && std::strncmp(path, "/dev/zero", 9) != 0
            && std::strncmp(path, "/dev/shm/", 9) != 0)
            return false; // device memory
        return writable; // a file: only where the process can have written
    }

    void scanMapping(const char* line)
    {
        unsigned long begin = 0;
        unsigned long end = 0;
        char perms[5] = {};
        const char* path = nullptr;
        if (!parseLine(line, &begin, &end, perms, &path) || perms[0] != 'r' || !holdsWrittenData(path, perms[1] == 'w'))
            return;
        if (begin >= m_shadowBegin && end <= m_shadowEnd)
            return;
        ++m_mappings;
        const bool isPrivate = perms[3] == 'p';
        // All of it but the scanner's own arena.
        const quintptr arenaBegin = quintptr(m_arena);
        const quintptr arenaEnd = arenaBegin + ArenaSize;
        quintptr from = begin;
        if (arenaBegin >= from && arenaBegin < end) {
            scanRange(from, arenaBegin, isPrivate, line, begin);
            from = std::min<quintptr>(arenaEnd, end);
        }
        if (from < end)
            scanRange(from, end, isPrivate, line, begin);
    }

    // [from, to) of a mapping. In a private mapping a page that is neither present nor swapped
    // was never written: it reads as zeros, or as the file's bytes.
    void scanRange(quintptr from, quintptr to, bool isPrivate, const char* line, quintptr mappingBegin)
    {
        if (!isPrivate || m_pagemap < 0) {
            scanPages(from, to, line, mappingBegin);
            return;
        }
        auto* entries = reinterpret_cast<quint64*>(m_arena + PagemapAt);
        quintptr run = 0; // the first page of the current run of pages in use, or 0
        for (quintptr batch = from; batch < to;) {
            const std::size_t pages = std::min<std::size_t>(PagemapBatch, (to - batch) / m_page);
            const ssize_t n
                = pread(m_pagemap, entries, pages * sizeof(quint64), off_t(batch / m_page * sizeof(quint64)));
            for (std::size_t i = 0; i < pages; ++i) {
                const quintptr page = batch + i * m_page;
                // Bit 63: present; bit 62: swapped. A page without an entry is read.
                const bool used = n < ssize_t((i + 1) * sizeof(quint64)) || (entries[i] >> 62) != 0;
                if (used && !run) {
                    run = page;
                } else if (!used) {
                    m_skipped += m_page;
                    if (run)
                        scanPages(run, page, line, mappingBegin);
                    run = 0;
                }
            }
            batch += std::max<std::size_t>(pages, 1) * m_page;
        }
        if (run)
            scanPages(run, to, line, mappingBegin);
    }

    // Reads [from, to) a window at a time. Consecutive windows overlap by a piece less one
    // byte, so that a piece across their border is found too.
    void scanPages(quintptr from, quintptr to, const char* line, quintptr mappingBegin)
    {
        unsigned char* window = m_arena;
        for (quintptr at = from; at < to;) {
            const std::size_t wanted = std::min<std::size_t>(WindowSize, to - at);
            const ssize_t n = pread(m_mem, window, wanted, off_t(at));
            if (n <= 0) { // an unreadable page (a guard page, say): skip it
                const quintptr next = (at / m_page + 1) * m_page;
                m_skipped += next - at;
                at = next;
                continue;
            }
            search(window, std::size_t(n), at, line, mappingBegin);
            if (at + std::size_t(n) >= to) {
                m_bytes += std::size_t(n);
                break;
            }
            const std::size_t advance = std::size_t(n) > m_overlap ? std::size_t(n) - m_overlap : std::size_t(n);
            m_bytes += advance;
            at += advance;
        }
    }

    void search(const unsigned char* window, std::size_t size, quintptr address, const char* line,
                quintptr mappingBegin)
    {
        for (std::size_t p = 0; p < m_patternCount; ++p) {
            const Pattern& pattern = *m_patterns[p];
            if (size < pattern.pieceSize())
                continue;
            for (std::size_t i = 0; i < pattern.pieceCount(); ++i) {
                const std::size_t piece = pattern.piece(i);
                const auto [byte, at] = pattern.anchor(piece);
                const unsigned char* last = window + size - pattern.pieceSize() + at; // the last place for it
                for (const unsigned char* found = window + at; found <= last; ++found) {
                    found = static_cast<const unsigned char*>(std::memchr(found, byte, std::size_t(last - found) + 1));
                    if (!found)
                        break;
                    if (pattern.pieceAt(piece, found - at)) {
                        const quintptr seen = address + quintptr(found - at - window);
                        record({ p, seen - piece, seen, mappingBegin, line });
                    }
                }
            }
        }
    }

    void record(const Hit& hit)
    {
        for (std::size_t h = 0; h < m_hitCount; ++h) {
            if (hits()[h].pattern == hit.pattern && hits()[h].start == hit.start)
                return; // another piece of a copy already found, or a piece read twice
        }
        if (m_hitCount < MaxHits)
            hits()[m_hitCount++] = hit;
    }

    // Its place, and "[heap]+0x1f2a0 (heap block)" or "anonymous rw-p (elsewhere)".
    static Copy copyAt(const Hit& hit)
    {
        unsigned long begin = 0;
        unsigned long end = 0;
        char perms[5] = {};
        const char* path = nullptr;
        parseLine(hit.mappingLine, &begin, &end, perms, &path);
        Copy copy { Place::Elsewhere, QString() };
#ifdef CM_TEST_ASAN
        // ASan's allocator does not use the [heap]; it knows its blocks, and poisons freed ones.
        void* at = reinterpret_cast<void*>(hit.seen);
        char name[64] = {};
        if (std::strcmp(__asan_locate_address(at, name, sizeof name, nullptr, nullptr), "heap") == 0)
            copy.place = __asan_address_is_poisoned(at) ? Place::FreedHeapBlock : Place::HeapBlock;
#else
        if (std::strcmp(path, "[heap]") == 0)
            copy.place = Place::HeapBlock;
#endif
        copy.where = *path ? QString::fromLocal8Bit(path) : QStringLiteral("anonymous %1").arg(QLatin1String(perms));
        copy.where += QStringLiteral("+0x%1").arg(hit.start - hit.mappingBegin, 0, 16);
        copy.where += copy.place == Place::HeapBlock ? QStringLiteral(" (heap block)")
            : copy.place == Place::FreedHeapBlock    ? QStringLiteral(" (freed heap block)")
                                                     : QStringLiteral(" (elsewhere)");
        return copy;
    }

    QByteArray m_problem;
    int m_mem = -1;
    int m_pagemap = -1;
    std::size_t m_page = 4096;
    unsigned char* m_arena = nullptr;
    quintptr m_shadowBegin = 0;
    quintptr m_shadowEnd = 0;
    const Pattern* const* m_patterns = nullptr;
    std::size_t m_patternCount = 0;
    std::size_t m_overlap = 0;
    std::size_t m_hitCount = 0;
    int m_mappings = 0;
    std::size_t m_bytes = 0;
    std::size_t m_skipped = 0;
};

// Every copy found is in a heap block freed without being wiped. With ASan that is what it
// says; glibc's malloc cannot tell a freed block from a live one, so there it is "in the heap".
bool onlyInFreedHeapBlocks(const MemoryScanner::Report& report, int pattern)
{
#ifdef CM_TEST_ASAN
    return report.count(pattern, Place::FreedHeapBlock) == report.count(pattern);
#else
    return report.count(pattern, Place::HeapBlock) == report.count(pattern);
#endif
}

} // namespace

class TestSecretsInMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scannerFindsCopiesWhereverTheyAre();
    void keysAndPlaintextsLeaveNoCopy();
    void readValuesLeaveNoCopyButQtsParseBuffer();
    void writtenValuesLeaveCopiesOnlyInFreedHeapBlocks();
    void cleanupTestCase();

private:
    template<std::size_t N> MemoryScanner::Report scan(const Pattern* const (&patterns)[N])
    {
        return scan(patterns, N);
    }
    MemoryScanner::Report scan(const Pattern* const* patterns, std::size_t count);

    MemoryScanner m_scanner;
    int m_scans = 0;
    qint64 m_mappings = 0;
    qint64 m_bytes = 0;
    qint64 m_skippedBytes = 0;
    qint64 m_elapsedMs = 0;
};

MemoryScanner::Report TestSecretsInMemory::scan(const Pattern* const* patterns, std::size_t count)
{
    MemoryScanner::Report report = m_scanner.scan(patterns, count);
    ++m_scans;
    m_mappings += report.mappings;
    m_bytes += report.bytes;
    m_skippedBytes += report.skippedBytes;
    m_elapsedMs += report.elapsedMs;
    return report;
}

void TestSecretsInMemory::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    QVERIFY2(m_scanner.problem().isEmpty(), m_scanner.problem().constData());
}

// The scanner sees secure memory, the Qt heap and the stack, finds a copy that is only partly
// there, counts each copy once, and finds nothing once they are wiped: the checks below can fail.
void TestSecretsInMemory::scannerFindsCopiesWhereverTheyAre()
{
    SecureBuffer secret = hexOf(randomSecret(24)); // 48 characters
    const Pattern utf8("secret as UTF-8", secret);
    const Pattern utf16("secret as UTF-16", secret, Pattern::Form::Utf16);
    const Pattern* const patterns[] = { &utf8, &utf16 };
    const int Utf8 = 0;
    const int Utf16 = 1;

    QString text = latin1(secret); // one copy in UTF-16, in the Qt heap
    // In the heap, the 31 characters from the 9th (any 31 hold a whole piece of 16), and the
    // first 15 (too few to be told from chance: not a copy).
    QByteArray middle(reinterpret_cast<const char*>(secret.data()) + 8, 2 * Pattern::PieceCharacters - 1);
    QByteArray start(reinterpret_cast<const char*>(secret.data()), Pattern::PieceCharacters - 1);
    unsigned char onStack[48];
    std::memcpy(onStack, secret.data(), sizeof onStack);

    const MemoryScanner::Report alive = scan(patterns);
    // The secret itself (secure memory), the middle part, and the stack copy.
    QVERIFY2(alive.count(Utf8) == 3, alive.describe(Utf8).constData());
    QVERIFY2(alive.count(Utf8, Place::HeapBlock) == 1, alive.describe(Utf8).constData());
    QVERIFY2(alive.count(Utf16) == 1 && alive.count(Utf16, Place::HeapBlock) == 1, alive.describe(Utf16).constData());

    wipe(text);
    wipe(middle);
    wipe(start);
    sodium_memzero(onStack, sizeof onStack);
    secret = SecureBuffer();
    const MemoryScanner::Report gone = scan(patterns);
    QVERIFY2(gone.count(Utf8) == 0, gone.describe(Utf8).constData());
    QVERIFY2(gone.count(Utf16) == 0, gone.describe(Utf16).constData());
}

// Case 1: a key parsed from its hex text (as from CREDENTIAL_ENCRYPTION_KEY) and a generated one
// (with the hex text `credctl key generate` prints) encrypt, re-encrypt (through PayloadCipher's
// scratch buffer, which TestCrypto checks is zero between rows) and decrypt a payload. In use,
// each key and plaintext is exactly in the secure memory that holds it, and a key's text is gone
// once it has been parsed or printed; in the end nothing of them remains anywhere. Each check
// follows its step at once: with glibc's malloc a freed copy lasts only until a later
// allocation of its size reuses the block.
void TestSecretsInMemory::keysAndPlaintextsLeaveNoCopy()
{
    const int ParsedKey = 0;
    const int ParsedText = 1;
    const int GeneratedKey = 2;
    const int GeneratedText = 3;
    const int Plaintext = 4;
    SecureBuffer raw = randomSecret(MasterKey::Size);
    SecureBuffer text = hexOf(raw);
    const Pattern parsedKey("parsed key", raw);
    const Pattern parsedText("parsed key's hex text", text);
    raw = SecureBuffer();
    SecureBuffer plaintext = randomSecret(200);
    const Pattern payloadPlaintext("payload plaintext", plaintext);
    std::optional<Pattern> generatedKey;
    std::optional<Pattern> generatedText;
    {
        Result<MasterKey> parsed = MasterKey::parse(text.view(), QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"));
        VERIFY_OK(parsed);
        text = SecureBuffer(); // as a caller would, once it has the key
        const Pattern* const parsing[] = { &parsedKey, &parsedText };
        const MemoryScanner::Report afterParsing = scan(parsing);
        QVERIFY2(afterParsing.count(ParsedKey) == 1 && afterParsing.count(ParsedKey, Place::Elsewhere) == 1,
                 afterParsing.describe(ParsedKey).constData());
        QVERIFY2(afterParsing.count(ParsedText) == 0, afterParsing.describe(ParsedText).constData());

        const MasterKey next = MasterKey::generate();
        SecureBuffer expectedText = hexOf(SecureBuffer::copyOf(next.view()));
        generatedKey.emplace("generated key", next.bytes(), MasterKey::Size);
        generatedText.emplace("generated key's hex text", expectedText);
        {
            const SecureBuffer line = next.toHexLine();
            QVERIFY(line.view().first(MasterKey::HexLength) == expectedText.view());
            expectedText = SecureBuffer();
        }
        const Pattern* const generating[] = { &*generatedKey, &*generatedText };
        const MemoryScanner::Report afterGenerating = scan(generating);
        QVERIFY2(afterGenerating.count(0) == 1 && afterGenerating.count(0, Place::Elsewhere) == 1,
                 afterGenerating.describe(0).constData());
        QVERIFY2(afterGenerating.count(1) == 0, afterGenerating.describe(1).constData());

        const MasterKey& key = parsed.value();
        QVERIFY(key.keyId() != next.keyId());
        const QString id = QStringLiteral("row-1");
        const QByteArray payload = PayloadCipher::encrypt(key, id, Mistral, plaintext);
        SecureBuffer scratch;
        const Result<QByteArray> moved = PayloadCipher::reencrypt(key, next, id, Mistral, payload, scratch);
        VERIFY_OK(moved);
        const Result<SecureBuffer> decrypted = PayloadCipher::decrypt(next, id, Mistral, moved.value());
        VERIFY_OK(decrypted);
        QVERIFY(decrypted->view() == plaintext.view());

        const Pattern* const all[] = { &parsedKey, &parsedText, &*generatedKey, &*generatedText, &payloadPlaintext };
        const MemoryScanner::Report inUse = scan(all);
        const int expected[] = { 1, 0, 1, 0, 2 }; // the plaintext and what it decrypted to
        for (int p = 0; p < int(std::size(all)); ++p) {
            QVERIFY2(inUse.count(p) == expected[p] && inUse.count(p, Place::Elsewhere) == expected[p],
                     inUse.describe(p).constData());
        }
        plaintext = SecureBuffer();
    }
    const Pattern* const all[] = { &parsedKey, &parsedText, &*generatedKey, &*generatedText, &payloadPlaintext };
    const MemoryScanner::Report gone = scan(all);
    for (const int p : { ParsedKey, ParsedText, GeneratedKey, GeneratedText, Plaintext })
        QVERIFY2(gone.count(p) == 0, gone.describe(p).constData());
}

// Case 2, reading: a credential stored in a real SQLite file is read back through
// CredentialStore and dropped. In use, its value is in UTF-16 exactly once (FieldValues'
// QString, however often shared); then in UTF-16 nowhere, and in UTF-8 only in the buffer
// QJsonDocument parsed it into, freed (see the top of the file).
// The payload is written by the test, as another program would write it, so that this
// process never serialises the value: the copies QJsonDocument::toJson would leave (checked
// in the next test) would hide what reading leaves.
void TestSecretsInMemory::readValuesLeaveNoCopyButQtsParseBuffer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("credentials.sqlite"));
    const MasterKey key = MasterKey::generate();
    SecureBuffer value = hexOf(randomSecret(24));
    const Pattern utf8("read value as UTF-8", value);
    const Pattern utf16("read value as UTF-16", value, Pattern::Form::Utf16);
    const Pattern* const patterns[] = { &utf8, &utf16 };
    const int Utf8 = 0;
    const int Utf16 = 1;

    CredentialStore::Options options;
    options.key = &key;
    QString id;
    {
        auto store = CredentialStore::open(path, options);
        VERIFY_OK(store);
        const auto created = store.value()->create(key, QStringLiteral("Memory"), Mistral,
                                                   FieldValues { { ApiKey, QStringLiteral("placeholder") } });
        VERIFY_OK(created);
        id = created->id;
    }
    {
        const SqlConnection raw(path);
        QVERIFY(raw.isOpen());
        QVERIFY2(raw.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"),
                          { PayloadCipher::encrypt(key, id, Mistral, plaintextWithApiKey(value)), id }),
                 qPrintable(raw.lastError()));
    }

    auto opened = CredentialStore::open(path, options);
    VERIFY_OK(opened);
    std::unique_ptr<CredentialStore> store = std::move(opened).value();
    {
        const Result<Credential> read = store->read(key, id);
        VERIFY_OK(read);
        QVERIFY(read->fields.value(ApiKey) == latin1(value));

        const MemoryScanner::Report inUse = scan(patterns);
        QVERIFY2(inUse.count(Utf8) >= 1, inUse.describe(Utf8).constData()); // the test's own, at least
        QVERIFY2(inUse.count(Utf16) == 1 && inUse.count(Utf16, Place::HeapBlock) == 1,
                 inUse.describe(Utf16).constData());

        // The store goes first: closing it allocates, and might reuse and so overwrite the
        // blocks the credential's values are about to free.
        store.reset();
        value = SecureBuffer();
    }
    const MemoryScanner::Report gone = scan(patterns);
    QVERIFY2(gone.count(Utf16) == 0, gone.describe(Utf16).constData());
    QVERIFY2(onlyInFreedHeapBlocks(gone, Utf8), gone.describe(Utf8).constData());
#ifndef CM_TEST_ASAN
    // One read, one QJsonDocument buffer: the value is the last string parsed into it, so the
    // buffer never grows, or moves, with the value in it. (ASan's realloc always moves.)
    QVERIFY2(gone.count(Utf8) <= 1, gone.describe(Utf8).constData());
#endif
}

// Case 2, writing: values entered, created and updated in the store, then dropped. Qt's JSON
// classes copy them on the way to the payload plaintext and free the copies unwiped (see the
// top of the file), so all that holds is that what remains is in freed heap blocks: not in
// secure memory, a stack or static data, and (as ASan can tell) not in a live block.
void TestSecretsInMemory::writtenValuesLeaveCopiesOnlyInFreedHeapBlocks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("credentials.sqlite"));
    const MasterKey key = MasterKey::generate();
    SecureBuffer value = hexOf(randomSecret(24));
    const Pattern utf8("written value as UTF-8", value);
    const Pattern utf16("written value as UTF-16", value, Pattern::Form::Utf16);
    const Pattern* const patterns[] = { &utf8, &utf16 };
    const int Utf8 = 0;
    const int Utf16 = 1;
    {
        CredentialStore::Options options;
        options.key = &key;
        auto opened = CredentialStore::open(path, options);
        VERIFY_OK(opened);
        std::unique_ptr<CredentialStore> store = std::move(opened).value();
        FieldValues fields;
        fields.insert(ApiKey, latin1(value));
        const auto created = store->create(key, QStringLiteral("Memory"), Mistral, fields);
        VERIFY_OK(created);
        fields.insert(QStringLiteral("endpoint"), QStringLiteral("https://mistral.example.com/v1"));
        VERIFY_OK(store->update(key, created->id, created->revision, created->name, fields));

        const MemoryScanner::Report inUse = scan(patterns);
        QVERIFY2(inUse.count(Utf16, Place::HeapBlock) >= 1, inUse.describe(Utf16).constData());
        value = SecureBuffer();
    }
    const MemoryScanner::Report gone = scan(patterns);
    QVERIFY2(onlyInFreedHeapBlocks(gone, Utf8), gone.describe(Utf8).constData());
    QVERIFY2(onlyInFreedHeapBlocks(gone, Utf16), gone.describe(Utf16).constData());
}

void TestSecretsInMemory::cleanupTestCase()
{
    if (m_scans == 0)
        return;
    qInfo("figure: memory scan: %d scans of this process's memory, each on average: %lld mappings, "
          "%.1f MiB read, %.1f MiB of untouched or unreadable pages skipped; %lld ms in all",
          m_scans, m_mappings / m_scans, double(m_bytes) / m_scans / (1 << 20),
          double(m_skippedBytes) / m_scans / (1 << 20), m_elapsedMs);
}

QTEST_GUILESS_MAIN(TestSecretsInMemory)
#include "TestSecretsInMemory.moc"
