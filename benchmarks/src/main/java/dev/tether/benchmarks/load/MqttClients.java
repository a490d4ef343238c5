package dev.tether.benchmarks.load;

import java.util.function.BiConsumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import dev.tether.transport.NoDelaySocketFactory;

/** Paho v5 clients as Tether's own: TCP_NODELAY, in-memory persistence, a clean session. */
final class MqttClients {

    private MqttClients() {
    }

    static MqttAsyncClient connect(String brokerUri, String clientId, int maxInflight) throws MqttException {
        return connect(brokerUri, clientId, maxInflight, (topic, message) -> { });
    }

    /** With every message that arrives handed to {@code onMessage} (on Paho's callback thread). */
    static MqttAsyncClient connect(String brokerUri, String clientId, int maxInflight, BiConsumer<String, MqttMessage> onMessage)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                System.err.println("MQTT client " + clientId + " disconnected: " + response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                System.err.println("MQTT client " + clientId + ": " + exception);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setSocketFactory(NoDelaySocketFactory.plain());
        options.setReceiveMaximum(Math.max(100, maxInflight));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            // closing at the end of a measurement: nothing left to do
        }
    }
}
