// Shows the HiPS whose base URL is this page's directory in Aladin Lite, served by this service (never a CDN).
// The page's #aladin-lite-div carries the survey's properties as data attributes (see HipsEndpoints).
import A from './aladin-lite/aladin.js';

const div = document.getElementById('aladin-lite-div');
// The survey's base URL: this page's directory, without the '/' Aladin Lite adds itself.
const base = new URL('./', window.location.href).href.replace(/\/$/, '');
const d = div.dataset;

A.init.then(() => {
  // log: false, hipsList of our survey only: otherwise Aladin Lite calls CDS at start-up (a logging URL,
  // its default survey list), which this page's Content-Security-Policy would refuse anyway.
  const aladin = A.aladin(div, {
    survey: base,
    hipsList: [base],
    log: false,
    target: `${d.ra} ${d.dec}`,
    fov: Number(d.fov),
    cooFrame: d.frame === 'galactic' ? 'galactic' : 'ICRS',
    showSimbadPointerControl: false,
    showContextMenu: false,
    showShareControl: false,
  });
  window.voAladin = aladin; // for the browser test and the curious
});
