from django.apps import AppConfig


class MarketAccessConfig(AppConfig):
    name = "ngoaivu.market_access"
    label = "market_access"
    verbose_name = "Mở cửa thị trường"
