import { render } from 'preact';
import { LedgerApp } from './app';
import './styles.css';

render(<LedgerApp />, document.getElementById('root')!);

// The service worker keeps the app on the device, so that a tablet can reload it with no connection.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('./service-worker.js', { scope: './' });
}
