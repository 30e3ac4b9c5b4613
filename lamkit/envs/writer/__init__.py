"""LibreOffice Writer over AT-SPI (actions, observations) and UNO (document state)."""

from lamkit.envs.writer.env import WriterEnv

__all__ = ["WriterEnv"]
