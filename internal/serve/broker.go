package serve

import "sync"

// event is a message to the open pages: "reload" with the new build's id,
// or "error" with a failed build's error.
type event struct {
	name, data string
}

// broker hands each event to every subscribed page.
type broker struct {
	mu     sync.Mutex
	subs   map[chan event]struct{}
	done   chan struct{} // closed when the server stops
	closed sync.Once
}

func newBroker() *broker {
	return &broker{subs: map[chan event]struct{}{}, done: make(chan struct{})}
}

// subscribe returns a channel of the events published from now on and a
// function that ends the subscription.
func (b *broker) subscribe() (<-chan event, func()) {
	// One slot: a page only needs the latest event (a reload makes an
	// earlier error moot, and the other way round), so a slow page never
	// holds up a publisher.
	ch := make(chan event, 1)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// publish sends e to every subscriber, replacing an event a subscriber has
// not read yet.
func (b *broker) publish(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- e:
		default:
			// Only publish sends, under the lock: once the stale event is
			// drained, the slot is free.
			select {
			case <-ch:
			default:
			}
			ch <- e
		}
	}
}

// close ends every subscription's stream.
func (b *broker) close() { b.closed.Do(func() { close(b.done) }) }
