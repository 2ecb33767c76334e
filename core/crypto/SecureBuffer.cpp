#include "SecureBuffer.h"

#include "Sodium.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace cm {

SecureBuffer::SecureBuffer(std::size_t size)
    : m_size(size)
{
    ensureSodium();
    if (size == 0)
        return;
    m_data = static_cast<unsigned char*>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
}

SecureBuffer SecureBuffer::copyOf(QByteArrayView bytes)
{
    SecureBuffer buffer(std::size_t(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(buffer.data(), bytes.data(), std::size_t(bytes.size()));
    return buffer;
}

SecureBuffer::~SecureBuffer()
{
    release();
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{ }

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void SecureBuffer::truncate(std::size_t size)
{
    if (size >= m_size)
        return;
    sodium_memzero(m_data + size, m_size - size);
    m_size = size;
}

void SecureBuffer::release()
{
    if (m_data) {
        // sodium_free wipes too; the explicit wipe keeps that promise visible here.
        sodium_memzero(m_data, m_size);
        sodium_free(m_data);
    }
    m_data = nullptr;
    m_size = 0;
}

void wipe(QString& text)
{
    if (!text.isEmpty() && text.isDetached())
        sodium_memzero(text.data(), std::size_t(text.size()) * sizeof(QChar));
}

void wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached())
        sodium_memzero(bytes.data(), std::size_t(bytes.size()));
}

} // namespace cm
