from ninja import Router

from ngoaivu.reports.api import dashboards, maps, reports

router = Router()
router.add_router("/", dashboards.router)
router.add_router("/", maps.router)
router.add_router("/", reports.router)
