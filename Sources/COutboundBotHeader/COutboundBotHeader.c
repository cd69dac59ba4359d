/* Intentionally empty: this target only exposes include/outboundbot.h to Swift,
 * so that `@c @implementation` checks each export against its declaration. */
