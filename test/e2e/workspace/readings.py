"""Summaries of sensor readings."""


def mean(readings):
    return sum([r.value for r in readings]) / len(readings)


def hottest(readings):
    return max([r.value for r in readings])


def any_alarm(readings, limit):
    return any([r.value > limit for r in readings])


def record(reading, log=[]):
    log.append(reading)
    return log
