"""StopOnInterrupt (the shell's Ctrl-C and the kernel's interrupt): cooperative first, forced later."""

from __future__ import annotations

import os
import signal
import time

import pytest

from azskernel.interrupt import StopOnInterrupt


def test_first_interrupt_asks_to_stop_and_a_stopped_command_is_not_forced():
    stops: list[float] = []
    before = signal.getsignal(signal.SIGINT)
    with StopOnInterrupt(lambda: stops.append(time.monotonic()), grace=0.3):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs; nothing is raised
        assert len(stops) == 1
    time.sleep(0.5)  # past the grace: no forced interrupt arrives after the block ended
    assert signal.getsignal(signal.SIGINT) is before


def test_a_command_that_ignores_the_stop_is_broken_out_of_after_the_grace():
    stops: list[int] = []
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with StopOnInterrupt(lambda: stops.append(1), grace=0.3):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(10)  # blocks without looking at any cancel token
    assert stops == [1] and 0.25 < time.monotonic() - began < 5


def test_a_second_interrupt_forces_at_once():
    with pytest.raises(KeyboardInterrupt):
        with StopOnInterrupt(lambda: None, grace=30):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            began = time.monotonic()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(10)
    assert time.monotonic() - began < 2
