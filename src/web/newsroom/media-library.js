// The media library's drop zone: files dropped on it (or chosen) are uploaded one by one to
// POST /newsroom/media with the page's form token, each with its progress and the server's
// Arabic answer; each new image is put at the head of the list. Without this script the form
// still uploads one file the ordinary way.
(() => {
  const form = document.querySelector('form.media-upload');
  if (!form) return;
  const zone = form.querySelector('[data-drop-zone]');
  const input = form.querySelector('input[type="file"]');
  const status = form.querySelector('[data-upload-status]');
  const grid = document.querySelector('[data-media-grid]');
  const token = form.querySelector('input[name="_csrf"]').value;
  const maxBytes = Number(form.dataset.maxBytes);
  input.multiple = true;
  input.required = false;

  const line = (text, kind) => {
    const item = document.createElement('li');
    item.className = `notice notice--${kind}`;
    item.textContent = text;
    status.append(item);
    return item;
  };

  const addCard = (media) => {
    const item = document.createElement('li');
    item.className = 'media-card';
    const link = document.createElement('a');
    link.href = `/newsroom/media/${media.id}`;
    const image = document.createElement('img');
    image.src = media.thumbnail;
    if (media.srcset) image.srcset = media.srcset;
    image.sizes = '(min-width: 40rem) 12rem, 45vw';
    if (media.width) image.width = media.width;
    if (media.height) image.height = media.height;
    image.alt = media.alt;
    link.append(image);
    const text = document.createElement('p');
    text.textContent = media.alt || 'بلا نص بديل';
    item.append(link, text);
    grid.prepend(item);
    const count = document.querySelector('[data-media-count]');
    const total = Number(count.dataset.total) + 1;
    count.dataset.total = String(total);
    count.textContent = `${new Intl.NumberFormat('ar-MA').format(total)} ${total === 1 ? 'صورة' : 'صور'}`;
  };

  const upload = (file) =>
    new Promise((resolve) => {
      const shown = line(`جارٍ رفع ${file.name}…`, 'info');
      if (file.size > maxBytes) {
        shown.className = 'notice notice--error';
        shown.textContent = `${file.name}: حجم الملف أكبر من الحد المسموح به (${Math.round(maxBytes / 1048576)} ميغابايت).`;
        resolve();
        return;
      }
      const body = new FormData();
      body.append('_csrf', token);
      for (const name of ['alt', 'caption', 'credit']) body.append(name, form.elements[name].value);
      body.append('file', file, file.name);
      const request = new XMLHttpRequest();
      request.open('POST', '/newsroom/media');
      request.setRequestHeader('Accept', 'application/json');
      request.setRequestHeader('X-CSRF-Token', token);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) {
          shown.textContent = `جارٍ رفع ${file.name}… ${Math.round((100 * event.loaded) / event.total)}٪`;
        }
      };
      request.onload = () => {
        let answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch {}
        if (request.status === 200 || request.status === 201) {
          shown.className = 'notice notice--done';
          shown.textContent = answer.created
            ? `رُفعت ${file.name}.`
            : `${file.name}: هذه الصورة موجودة في المكتبة من قبل.`;
          if (answer.created) addCard(answer);
        } else {
          shown.className = 'notice notice--error';
          shown.textContent = `${file.name}: ${answer?.error?.messageAr ?? 'تعذر رفع الصورة. أعد المحاولة.'}`;
        }
        resolve();
      };
      request.onerror = () => {
        shown.className = 'notice notice--error';
        shown.textContent = `${file.name}: انقطع الاتصال أثناء الرفع. أعد المحاولة.`;
        resolve();
      };
      request.send(body);
    });

  const uploadAll = async (files) => {
    status.replaceChildren();
    for (const file of files) await upload(file);
    input.value = '';
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.files.length === 0) {
      line('اختر صورة أولا، أو اسحبها إلى هنا.', 'error');
      return;
    }
    uploadAll([...input.files]);
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('is-dragging');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('is-dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('is-dragging');
    if (event.dataTransfer.files.length > 0) uploadAll([...event.dataTransfer.files]);
  });
})();
