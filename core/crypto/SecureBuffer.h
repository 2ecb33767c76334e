#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstddef>

namespace cm {

// Bytes in libsodium's guarded memory (sodium_malloc): never swapped where the OS allows,
// surrounded by guard pages, and wiped when released. Moves, never copies.
class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    static SecureBuffer copyOf(QByteArrayView bytes);
    ~SecureBuffer();

    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return { reinterpret_cast<const char*>(m_data), qsizetype(m_size) }; }

    // Keeps the first `size` bytes (size must not exceed the current size).
    void truncate(std::size_t size);

private:
    void release();

    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

// Overwrites the characters of a string or byte array nobody else shares: best effort for
// secrets that have to pass through Qt types at the edges (widgets, JSON, HTTP headers).
void wipe(QString& text);
void wipe(QByteArray& bytes);

} // namespace cm
