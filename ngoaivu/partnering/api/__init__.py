from ninja import Router

from ngoaivu.partnering.api import profiles, searches

router = Router()
router.add_router("/", profiles.router)
router.add_router("/", searches.router)
