export const ROUTING_LOGGER = Symbol('ROUTING_LOGGER');
