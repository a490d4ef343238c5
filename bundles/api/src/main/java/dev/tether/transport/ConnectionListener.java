package dev.tether.transport;

import org.osgi.annotation.versioning.ConsumerType;

/** Told when a transport connects or loses its connection. */
@ConsumerType
public interface ConnectionListener {

    /** Called after every (re)connect; subscriptions are already restored. */
    void connected();

    /** Called when the connection is lost or closed, with the cause if there is one. */
    void disconnected(Throwable cause);
}
