// Tests against real servers wait on real processes; a slow shared machine must not fail them.
jest.setTimeout(180_000);
