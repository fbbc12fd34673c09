"""Summaries of sensor readings."""


def mean(readings):
    return sum([r.value for r in readings]) / len(readings)


def hottest(readings):
    return max([r.value for r in readings])


def any_alarm(readings, is_alarm):
    return any([is_alarm(r) for r in readings])


def record(reading, log=[]):
    log.append(reading)
    return log
