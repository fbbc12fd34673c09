"""The payment gateway client, one per process."""

from decorators import logged, retry


def singleton(cls):
    instances = {}

    def get_instance(*args, **kwargs):
        if cls not in instances:
            instances[cls] = cls(*args, **kwargs)
        return instances[cls]

    return get_instance


@singleton
class PaymentGateway:
    def __init__(self, api_key):
        self.api_key = api_key
        self.charged = []

    @logged
    @retry(times=5)
    def charge(self, order_id, amount_cents):
        self.charged.append((order_id, amount_cents))
        return {"order": order_id, "amount": amount_cents, "status": "ok"}
