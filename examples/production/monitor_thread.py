"""gevent's monitor thread reports a greenlet that keeps the hub from running."""

import io
import time
import warnings

import gevent

# Both settings must be made before the hub starts. The environment variables
# GEVENT_MONITOR_THREAD_ENABLE=1 and GEVENT_MAX_BLOCKING_TIME=0.1 do the same
# without touching the code.
gevent.config.monitor_thread = True
gevent.config.max_blocking_time = 0.1
# The monitor can also watch memory use, which needs psutil. Without psutil it
# warns once as it starts; this script does not use that part.
warnings.filterwarnings("ignore", message="Unable to monitor memory usage")


def resize_image():
    time.sleep(0.5)  # not patched: the whole thread stops for 0.5 s


# The monitor prints its reports on the hub's exception stream, which is
# sys.stderr unless you assign another. Collect them here instead, so that the
# script can print the first report, trimmed.
reports = io.StringIO()
gevent.get_hub().exception_stream = reports

worker = gevent.spawn(resize_image)
worker.name = "resize"  # a name makes the report easier to read
worker.join()
gevent.sleep(0.1)  # let the monitor thread finish a report it is printing

text = reports.getvalue()
print(f"the monitor printed {text.count('appears to be blocked')} reports; the first one, trimmed:")
first = text.split("=" * 80)[1].strip("\n").splitlines()
threads = first.index("* Threads") - 1
greenlets = first.index("* Greenlets") - 1
print("\n".join(first[:threads]))
print(f"[{greenlets - threads} lines trimmed: the stack of each thread]")
print("\n".join(first[greenlets:]))
