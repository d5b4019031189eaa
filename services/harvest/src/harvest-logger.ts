export const HARVEST_LOGGER = Symbol('HARVEST_LOGGER');
