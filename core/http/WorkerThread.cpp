#include "core/http/WorkerThread.h"

#include "core/http/Worker.h"
#include "core/trace/ExecutionContext.h"
#include "core/trace/HappensBefore.h"

#include <unistd.h>

namespace rs::http {

WorkerThread::WorkerThread(ServerState &state, int number)
    : state_(state), name_("worker-" + QByteArray::number(number))
{
    setObjectName(QString::fromLatin1(name_));
}

WorkerThread::~WorkerThread()
{
    quit();
    wait();
    trace::HappensBefore::acquire(this);
}

void WorkerThread::startAndWait()
{
    start();
    ready_.acquire();
    trace::HappensBefore::acquire(this);
}

void WorkerThread::adopt(int fd)
{
    std::lock_guard lock(mutex_);
    if (!worker_) {
        ::close(fd);
        return;
    }
    const bool wake = incoming_.empty();
    incoming_.push_back(fd);
    if (wake)
        QMetaObject::invokeMethod(worker_, &Worker::adoptIncoming, Qt::QueuedConnection);
}

std::vector<int> WorkerThread::takeIncoming()
{
    std::lock_guard lock(mutex_);
    return std::exchange(incoming_, {});
}

void WorkerThread::run()
{
    rs::trace::ExecutionContext::setThreadName(name_.constData());
    {
        Worker worker(state_, *this);
        {
            std::lock_guard lock(mutex_);
            worker_ = &worker;
        }
        trace::HappensBefore::release(this);
        ready_.release();
        exec();
        std::lock_guard lock(mutex_);
        worker_ = nullptr;
    }
    for (int fd : takeIncoming())
        ::close(fd);
    trace::HappensBefore::release(this); // joined by wait()
}

} // namespace rs::http
