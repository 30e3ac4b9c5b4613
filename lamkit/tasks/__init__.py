"""Task-plan data: harvesting (task, plan) pairs from documentation, cleaning, dedupe, augmentation."""

from lamkit.tasks.harvest import HarvestReport, harvest_docs, harvest_help

__all__ = ["HarvestReport", "harvest_docs", "harvest_help"]
